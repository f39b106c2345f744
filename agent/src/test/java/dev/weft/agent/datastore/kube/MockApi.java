package dev.weft.agent.datastore.kube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * fabric8's CRUD mock API server over TLS, restartable on the same port with the same objects
 * (the {@link KubernetesCrudDispatcher} holds them), plus a second "side" server sharing the
 * objects for writes while the main one is down. The Weft CRDs from {@code helm/weft/crds} are
 * created first, so the dispatcher knows their scope and status subresource.
 */
final class MockApi implements AutoCloseable {
    static final Path CRDS = Path.of("..", "helm", "weft", "crds");

    private final KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher();
    private static final Pattern NODE_NAME_SELECTOR = Pattern.compile("([?&])fieldSelector=spec\\.nodeName%3D([^&]+)");

    private final List<KubernetesClient> clients = new ArrayList<>();
    private final List<String> nodeNameSelectors = new CopyOnWriteArrayList<>();
    private KubernetesMockServer server;
    private KubernetesMockServer side;
    private final String host;
    private final int port;

    MockApi() {
        server = newServer();
        server.init();
        host = server.getHostName();
        port = server.getPort();
        KubernetesClient admin = client();
        for (CustomResourceDefinition crd : crds()) {
            admin.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
    }

    static List<CustomResourceDefinition> crds() {
        try (Stream<Path> files = Files.list(CRDS)) {
            KubernetesClient offline = new KubernetesClientBuilder().withConfig(Config.empty()).build();
            List<CustomResourceDefinition> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                out.add(offline.getKubernetesSerialization().unmarshal(Files.readString(f), CustomResourceDefinition.class));
            }
            offline.close();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private KubernetesMockServer newServer() {
        return new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new NodeNameSelectorDispatcher(),
                true);
    }

    /** The {@code spec.nodeName} field selectors sent so far (e.g. {@code n1}). */
    List<String> nodeNameSelectors() {
        return List.copyOf(nodeNameSelectors);
    }

    /**
     * The CRUD dispatcher cannot evaluate a {@code spec.nodeName} field selector (it only indexes
     * {@code metadata.name}/{@code namespace}, so it would match nothing). This wrapper records
     * the selector and drops it: the server then answers with every Pod, as a server ignoring the
     * selector would, and the datastore's own {@code spec.nodeName} filter is what is tested.
     */
    private final class NodeNameSelectorDispatcher extends Dispatcher {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            Matcher m = NODE_NAME_SELECTOR.matcher(path);
            if (m.find()) {
                nodeNameSelectors.add(m.group(2));
                path = m.replaceFirst(m.group(1).equals("?") ? "?" : "");
                path = path.replace("?&", "?");
                request = new RecordedRequest(request.getHttpVersion(), request.method(), path, request.getHeaders(),
                        request.getBody());
            }
            return dispatcher.dispatch(request);
        }
    }

    String url() {
        return "https://" + host + ":" + port;
    }

    /** A client with short timeouts and fast watch reconnects (100 ms doubling, at most 3.2 s). */
    KubernetesClient client() {
        return client(url());
    }

    KubernetesClient client(String url) {
        Config cfg = new ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withTrustCerts(true)
                .withDisableHostnameVerification(true)
                .withNamespace("weft-system")
                .withWatchReconnectInterval(100)
                .withWatchReconnectLimit(-1)
                .withConnectionTimeout(5000)
                .withRequestTimeout(10000)
                .withRequestRetryBackoffLimit(0)
                .build();
        KubernetesClient c = new KubernetesClientBuilder().withConfig(cfg).build();
        clients.add(c);
        return c;
    }

    /** Stops the main server: open watches break, requests fail. */
    void stop() {
        server.destroy();
    }

    /** Starts the main server again on the same port, with the same objects. */
    void restart() throws IOException {
        server = newServer();
        server.init(InetAddress.getByName(host), port);
    }

    /** A client of a second server sharing the objects (for writes while the main one is down). */
    KubernetesClient sideClient() {
        if (side == null) {
            side = newServer();
            side.init();
        }
        return client("https://" + side.getHostName() + ":" + side.getPort());
    }

    /** Waits for {@code condition} (at most 30 s); false if it never held. */
    static boolean await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public void close() {
        clients.forEach(KubernetesClient::close);
        server.destroy();
        if (side != null) {
            side.destroy();
        }
    }
}
