package dev.weft.agent.datastore.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kubeconfig files with EC client keys (the kubeadm/OpenSSL "EC PRIVATE KEY" form) against the TLS mock server. */
class KubeClientsTest {
    @TempDir
    Path dir;

    static String pem(Object o) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A self-signed P-256 client certificate and its key, both PEM. */
    static String[] ecClientCredentials() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=system:node:n1,O=system:nodes");
        X509CertificateHolder cert = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), subject,
                kp.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
        return new String[] {pem(cert), sec1(kp)};
    }

    /**
     * The key as OpenSSL ({@code openssl ecparam -genkey}) and kubeadm write it: SEC1 {@code
     * ECPrivateKey} (RFC 5915) with the curve OID and the public key, PEM {@code EC PRIVATE KEY}.
     */
    static String sec1(KeyPair kp) throws Exception {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(kp.getPrivate().getEncoded());
        ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(info.getPrivateKeyAlgorithm().getParameters());
        byte[] pub = SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded()).getPublicKeyData().getBytes();
        ECPrivateKey key = new ECPrivateKey(256, ((java.security.interfaces.ECPrivateKey) kp.getPrivate()).getS(),
                new DERBitString(pub), curve);
        return pem(new PemObject("EC PRIVATE KEY", key.getEncoded()));
    }

    static String kubeconfig(String server, String certPem, String keyPem) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "%s", insecure-skip-tls-verify: true}
                users:
                - name: node
                  user: {client-certificate-data: %s, client-key-data: %s}
                contexts:
                - name: weft
                  context: {cluster: mock, user: node, namespace: weft-system}
                current-context: weft
                """.formatted(server, b64(certPem), b64(keyPem));
    }

    @Test
    void aKubeconfigWithAnEcClientKeyLoadsAndTalksToTheApiServer() throws Exception {
        String[] creds = ecClientCredentials();
        assertThat(creds[1]).startsWith("-----BEGIN EC PRIVATE KEY-----");
        try (MockApi api = new MockApi()) {
            KubernetesDatastoreTest.apply(api.client(), KubernetesDatastoreTest.node("n1", "10.244.1.0/24", "172.31.1.1"));
            Path file = dir.resolve("kubeconfig");
            Files.writeString(file, kubeconfig(api.url(), creds[0], creds[1]));

            Config cfg = KubeClients.config(Optional.of(file));
            assertThat(cfg.getMasterUrl()).startsWith(api.url());
            assertThat(cfg.getNamespace()).isEqualTo("weft-system");
            assertThat(cfg.getClientKeyData()).isNotBlank();
            try (KubernetesClient c = KubeClients.create(Optional.of(file))) {
                assertThat(c.nodes().list().getItems()).extracting(n -> n.getMetadata().getName()).containsExactly("n1");
            }
        }
    }

    @Test
    void aKubeconfigWithABrokenClientKeyFailsClearly() throws Exception {
        String[] creds = ecClientCredentials();
        String broken = creds[1].replaceAll("(?m)^[A-Za-z0-9+/=]{20,}$", "AAAA");
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, kubeconfig("https://127.0.0.1:1", creds[0], broken));
        assertThatThrownBy(() -> {
            try (KubernetesClient c = KubeClients.create(Optional.of(file))) {
                c.nodes().list();
            }
        }).isInstanceOf(RuntimeException.class);
    }

    @Test
    void aMissingKubeconfigFileIsAClearError() {
        Path file = dir.resolve("nope");
        assertThatThrownBy(() -> KubeClients.config(Optional.of(file))).hasMessageContaining("cannot read kubeconfig")
                .hasMessageContaining(file.toString());
    }
}
