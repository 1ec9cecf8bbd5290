import at.favre.lib.crypto.bcrypt.BCrypt;

/** Measures bcrypt verifications per second at a cost, on 1 and on N threads: the password-token bound. */
public class BcryptRate {
  public static void main(String[] args) throws Exception {
    int cost = Integer.parseInt(args[0]);
    int threads = Integer.parseInt(args[1]);
    byte[] hash = BCrypt.withDefaults().hash(cost, "bench-password".toCharArray());
    BCrypt.verifyer().verify("bench-password".toCharArray(), hash); // warm up
    long deadline = System.nanoTime() + 8_000_000_000L;
    java.util.concurrent.atomic.AtomicLong n = new java.util.concurrent.atomic.AtomicLong();
    long t0 = System.nanoTime();
    Thread[] ts = new Thread[threads];
    for (int i = 0; i < threads; i++) {
      ts[i] = new Thread(() -> {
        while (System.nanoTime() < deadline) {
          BCrypt.verifyer().verify("bench-password".toCharArray(), hash);
          n.incrementAndGet();
        }
      });
      ts[i].start();
    }
    for (Thread t : ts) {
      t.join();
    }
    System.out.printf("RESULT bcrypt_cost=%d threads=%d verifies_per_s=%.2f%n", cost, threads,
        n.get() / ((System.nanoTime() - t0) / 1e9));
  }
}
