package khamrap;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * One OpenSearch node on 127.0.0.1 with the modules the search backend needs on the classpath.
 *
 * Usage: java -cp target/classes:target/lib/* khamrap.OpenSearchNode HOME_DIR HTTP_PORT
 * HOME_DIR holds data/ and logs/; transport binds HTTP_PORT + 100. Stops on SIGTERM.
 */
public final class OpenSearchNode extends Node {
    private static final List<Class<? extends Plugin>> PLUGINS = List.of(
        Netty4Plugin.class, CommonAnalysisPlugin.class, ReindexPlugin.class);

    private OpenSearchNode(Settings settings) {
        super(
            InternalSettingsPreparer.prepareEnvironment(settings, Collections.emptyMap(), null, () -> "khamrap"),
            PLUGINS, true);
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : "var/opensearch").toAbsolutePath();
        int port = Integer.parseInt(args.length > 1 ? args[1] : "9200");
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));
        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "khamrap")
            .put("node.name", "khamrap-1")
            .put("network.host", "127.0.0.1")
            .put("http.port", port)
            .put("transport.port", port + 100)
            .put("discovery.type", "single-node")
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.auto_create_index", false)
            .build();
        long t0 = System.nanoTime();
        OpenSearchNode node = new OpenSearchNode(settings);
        node.start();
        System.out.printf("khamrap opensearch node up on http://127.0.0.1:%d in %d ms%n", port, (System.nanoTime() - t0) / 1_000_000);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try { node.close(); } catch (Exception e) { e.printStackTrace(); }
            stopped.countDown();
        }));
        stopped.await();
    }
}
