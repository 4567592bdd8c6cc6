package dev.driftline.jobs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

/**
 * The console log of conf/log4j2.properties ends every event with a line break, with or without
 * an exception, so the CLI's final {@code driftline: failed: ...} line starts a line of its own.
 */
class ConsoleLogLayoutTest {

  @Test
  void everyEventEndsItsLineEvenWithAnException() throws IOException {
    Properties conf = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of(System.getProperty("driftline.repo"), "conf/log4j2.properties"))) {
      conf.load(in);
    }
    PatternLayout layout = PatternLayout.newBuilder()
        .withPattern(conf.getProperty("appender.console.layout.pattern")).build();
    for (Throwable thrown : new Throwable[] {null, new IllegalStateException("Job aborted.\nCaused by: denied")}) {
      String event = layout.toSerializable(Log4jLogEvent.newBuilder().setLoggerName("org.apache.spark.SparkContext")
          .setLevel(Level.ERROR).setMessage(new SimpleMessage("write failed")).setThrown(thrown).build());
      assertTrue(event.endsWith(System.lineSeparator()), () -> "no line break at the end of: " + event);
      assertTrue(event.contains("write failed"), event);
    }
  }
}
