package dev.ferrum.proxy.telemetry;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchingStdoutAppenderTest {

  /** Records each write call separately, as write(2) would see them. */
  static final class Writes extends OutputStream {
    final List<String> calls = new ArrayList<>();

    @Override
    public synchronized void write(int b) {
      calls.add(String.valueOf((char) b));
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      calls.add(new String(b, off, len, StandardCharsets.UTF_8));
    }

    synchronized String all() {
      return String.join("", calls);
    }
  }

  private static BatchingStdoutAppender appender(OutputStream out, int queueSize, int flushMillis) {
    LoggerContext ctx = new LoggerContext();
    PatternLayoutEncoder enc = new PatternLayoutEncoder();
    enc.setContext(ctx);
    enc.setPattern("%msg%n");
    enc.start();
    BatchingStdoutAppender a = new BatchingStdoutAppender();
    a.setContext(ctx);
    a.setName("test");
    a.setEncoder(enc);
    a.setQueueSize(queueSize);
    a.setFlushMillis(flushMillis);
    a.setTarget(out);
    a.start();
    return a;
  }

  private static LoggingEvent event(String msg) {
    LoggingEvent e = new LoggingEvent();
    e.setLevel(Level.INFO);
    e.setLoggerName("ferrum.access");
    e.setMessage(msg);
    e.setTimeStamp(System.currentTimeMillis());
    return e;
  }

  @Test
  void everyWriteHoldsWholeLinesAndAtMostOnePipeBuffer() throws Exception {
    Writes out = new Writes();
    BatchingStdoutAppender a = appender(out, 10_000, 20);
    for (int i = 0; i < 2000; i++) {
      a.doAppend(event("line " + i + " " + "x".repeat(i % 300)));
    }
    a.stop();
    String all = out.all();
    assertEquals(2000, all.split("\n").length);
    assertTrue(all.startsWith("line 0 \n") && all.endsWith("line 1999 " + "x".repeat(1999 % 300) + "\n"));
    assertTrue(out.calls.size() < 2000 / 10, "lines were not batched: " + out.calls.size() + " writes");
    for (String call : out.calls) {
      assertTrue(call.length() <= BatchingStdoutAppender.WRITE_CHUNK, "write of " + call.length());
      assertTrue(call.endsWith("\n") && call.startsWith("line "), "a write split a line: " + call);
    }
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfBlocking() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // A writer that flushes only every minute: the queue of 8 fills at once.
    BatchingStdoutAppender a = appender(out, 8, 60_000);
    long before = BatchingStdoutAppender.droppedLines();
    for (int i = 0; i < 20; i++) {
      a.doAppend(event("l" + i));
    }
    assertEquals(12, BatchingStdoutAppender.droppedLines() - before);
    a.stop();
    assertEquals("l0\nl1\nl2\nl3\nl4\nl5\nl6\nl7\n", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aBrokenStandardOutputCountsEveryLineOnceAndKeepsDraining() throws Exception {
    OutputStream broken = new OutputStream() {
      @Override
      public void write(int b) throws java.io.IOException {
        throw new java.io.IOException("Broken pipe");
      }

      @Override
      public void write(byte[] b, int off, int len) throws java.io.IOException {
        throw new java.io.IOException("Broken pipe");
      }
    };
    BatchingStdoutAppender a = appender(broken, 1000, 10);
    long before = BatchingStdoutAppender.droppedLines();
    for (int i = 0; i < 500; i++) {
      a.doAppend(event("line " + i + " " + "z".repeat(i % 50)));
      if (i % 100 == 0) {
        Thread.sleep(15); // several drains, each failing
      }
    }
    a.stop();
    assertEquals(500, BatchingStdoutAppender.droppedLines() - before);
  }

  @Test
  void aLineLongerThanOneWriteGoesOutWholeOnItsOwn() {
    Writes out = new Writes();
    BatchingStdoutAppender a = appender(out, 100, 60_000);
    String longLine = "L".repeat(BatchingStdoutAppender.WRITE_CHUNK + 500);
    a.doAppend(event("before"));
    a.doAppend(event(longLine));
    a.doAppend(event("after"));
    a.stop();
    assertEquals(List.of("before\n", longLine + "\n", "after\n"), out.calls);
  }
}
