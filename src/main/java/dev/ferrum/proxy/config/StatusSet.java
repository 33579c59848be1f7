package dev.ferrum.proxy.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** An immutable set of HTTP status codes (100-599), checked with one array read. */
public final class StatusSet {

  private final boolean[] member = new boolean[600];
  private final String description;

  private StatusSet(String description) {
    this.description = description;
  }

  public static StatusSet of(Collection<Integer> codes) {
    StatusSet s = new StatusSet(codes.toString());
    for (int c : codes) {
      s.member[c] = true;
    }
    return s;
  }

  public static StatusSet range(int min, int max) {
    StatusSet s = new StatusSet(min + "-" + max);
    for (int c = min; c <= max; c++) {
      s.member[c] = true;
    }
    return s;
  }

  public boolean contains(int status) {
    return status >= 0 && status < 600 && member[status];
  }

  public List<Integer> codes() {
    List<Integer> out = new ArrayList<>();
    for (int c = 0; c < 600; c++) {
      if (member[c]) {
        out.add(c);
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StatusSet other && java.util.Arrays.equals(member, other.member);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(member);
  }

  @Override
  public String toString() {
    return description;
  }
}
