package dev.weft.agent.datastore.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Builds the agent's fabric8 client (on the JDK HTTP client, the only one on the classpath).
 *
 * <p>With a kubeconfig file ({@code --kubeconfig FILE}) that file's current context is used;
 * client keys may be RSA or EC, PKCS#8 or the OpenSSL/kubeadm SEC1 {@code EC PRIVATE KEY} form
 * with its curve OID (fabric8 7.5.2 parses these itself, {@code internal.PKCS1Util}; BouncyCastle
 * is not needed at run time, {@code KubeClientsTest} checks it). Without one,
 * fabric8's auto-configuration applies: {@code $KUBECONFIG}, {@code ~/.kube/config}, then the
 * in-cluster service account ({@code /var/run/secrets/kubernetes.io/serviceaccount} and {@code
 * KUBERNETES_SERVICE_HOST}/{@code _PORT}).
 */
public final class KubeClients {
    private KubeClients() {}

    /**
     * The client configuration.
     *
     * @param kubeconfig a kubeconfig file, or empty for auto-configuration
     * @throws UncheckedIOException if the file cannot be read
     * @throws io.fabric8.kubernetes.client.KubernetesClientException if it is not a valid kubeconfig
     */
    public static Config config(Optional<Path> kubeconfig) {
        if (kubeconfig.isEmpty()) {
            return Config.autoConfigure(null);
        }
        Path file = kubeconfig.get();
        try {
            return Config.fromKubeconfig(null, Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kubeconfig " + file, e);
        }
    }

    /** A client for {@link #config(Optional)}; close it when done. */
    public static KubernetesClient create(Optional<Path> kubeconfig) {
        return new KubernetesClientBuilder().withConfig(config(kubeconfig)).build();
    }
}
