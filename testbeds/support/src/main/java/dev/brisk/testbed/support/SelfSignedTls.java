package dev.brisk.testbed.support;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;

/** TLS for a testbed's front (nginx): a self-signed certificate made at start, and a client context trusting it. */
public final class SelfSignedTls {
    private SelfSignedTls() {
    }

    /**
     * Writes a certificate for {@code CN=localhost} valid 30 days and its unencrypted RSA key with {@code openssl}
     * (its output into {@code log}). {@code subjectAltName} names every host clients use, e.g.
     * {@code DNS:localhost,IP:127.0.0.1}.
     */
    public static void makeCertificate(String openssl, String subjectAltName, Path cert, Path key, Path log)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=" + subjectAltName, "-days", "30",
                "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("openssl could not make the TLS certificate; log " + log + ":\n"
                    + Files.readString(log));
        }
    }

    /** An SSLContext that trusts exactly the certificate in {@code certPem}. */
    public static SSLContext trusting(Path certPem) {
        try (InputStream in = Files.newInputStream(certPem)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("brisk-testbed", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + certPem, e);
        }
    }
}
