package dev.backprop.cli.commands;

import dev.backprop.cli.output.CliException;
import dev.backprop.cli.output.JsonOut;
import dev.backprop.cli.output.RunRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code backprop compare}: two run records side by side, and the first epoch where they diverge. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare two run records (the NAME.run.json that 'train' writes beside NAME.safetensors): "
                + "settings, data checksums and environment that differ, then the weights' CRC-32C epoch by epoch "
                + "to find the first epoch where the runs diverge.",
            "Exit code: 0 when the weights are the same bits after every epoch, 1 when they differ, 2 for a bad file.",
            "Example:",
            "  backprop compare run1/model.run.json run2/model.run.json"})
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_A", description = "A run record (or the model file beside it).")
    Path a;

    @Parameters(index = "1", paramLabel = "RUN_B", description = "Another run record (or model file).")
    Path b;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path fa = recordFile(a);
        Path fb = recordFile(b);
        Map<String, Object> ra = read(fa);
        Map<String, Object> rb = read(fb);
        out.println("A: " + fa);
        out.println("B: " + fb);
        int differences = 0;
        differences += section(out, "settings", map(ra, "settings", fa), map(rb, "settings", fb));
        differences += section(out, "environment", map(ra, "environment", fa), map(rb, "environment", fb));
        differences += files(out, list(ra, "data", fa), list(rb, "data", fb));
        if (differences == 0) {
            out.println("settings, data and environment: the same");
        }
        List<Object> ea = list(ra, "epochs", fa);
        List<Object> eb = list(rb, "epochs", fb);
        int n = Math.min(ea.size(), eb.size());
        for (int e = 0; e < n; e++) {
            Map<String, Object> xa = asMap(ea.get(e), fa, "epochs[" + e + "]");
            Map<String, Object> xb = asMap(eb.get(e), fb, "epochs[" + e + "]");
            String wa = string(xa, "weights_crc32c", fa);
            String wb = string(xb, "weights_crc32c", fb);
            if (!wa.equals(wb)) {
                out.printf(Locale.ROOT, "DIVERGED at epoch %d: weights %s… vs %s…; train loss %s vs %s%n", e + 1,
                        wa.substring(0, Math.min(12, wa.length())), wb.substring(0, Math.min(12, wb.length())),
                        xa.get("train_loss"), xb.get("train_loss"));
                if (e > 0) {
                    out.printf(Locale.ROOT, "the weights were the same bits after epochs 1..%d%n", e);
                }
                out.flush();
                return 1;
            }
        }
        String fa2 = string(ra, "final_weights_sha256", fa);
        String fb2 = string(rb, "final_weights_sha256", fb);
        if (ea.size() != eb.size()) {
            out.printf(Locale.ROOT, "the same bits for the %d epochs both ran; A ran %d epochs, B %d%n", n, ea.size(),
                    eb.size());
            out.flush();
            return 1;
        }
        if (!fa2.equals(fb2)) {
            out.printf(Locale.ROOT, "the same bits after every one of %d epochs, but the final weights differ "
                    + "(early stopping kept different epochs?)%n", n);
            out.flush();
            return 1;
        }
        out.printf(Locale.ROOT, "IDENTICAL: the weights are the same bits after each of %d epochs (final SHA-256 %s)%n",
                n, fa2);
        out.flush();
        return 0;
    }

    private static Path recordFile(Path p) {
        String name = p.getFileName().toString();
        if (name.endsWith(".run.json")) {
            return p;
        }
        Path beside = RunRecord.pathFor(p);
        return Files.exists(beside) ? beside : p;
    }

    private static Map<String, Object> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw CliException.badInput(file + ": " + (Files.isDirectory(file) ? "is a folder" : Files.exists(file)
                    ? "not a regular file" : "no such file") + "; expected a run record (.run.json) or a model file "
                    + "with one beside it");
        }
        if (Files.size(file) > 100_000_000L) {
            throw CliException.badInput(file + ": " + Files.size(file) + " bytes; expected a run record (JSON), "
                    + "which is far smaller");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw CliException.badInput(file + ": not UTF-8 text; expected a run record (JSON)");
        }
        Map<String, Object> m;
        try {
            m = JsonOut.readObject(text);
        } catch (IOException e) {
            throw CliException.badInput(file + ": not a JSON object (" + CliException.oneLine(e.getMessage()) + ")");
        }
        if (m == null || !RunRecord.FORMAT.equals(m.get("format"))) {
            throw CliException.badInput(file + ": expected a run record with \"format\": \"" + RunRecord.FORMAT
                    + "\", found " + (m == null ? "null" : m.get("format")));
        }
        return m;
    }

    private static int section(PrintWriter out, String name, Map<String, Object> a, Map<String, Object> b) {
        int d = 0;
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            if (!Objects.equals(a.get(k), b.get(k))) {
                out.printf(Locale.ROOT, "%s.%s: %s | %s%n", name, k, show(a.get(k)), show(b.get(k)));
                d++;
            }
        }
        return d;
    }

    private static int files(PrintWriter out, List<Object> a, List<Object> b) {
        int d = 0;
        int n = Math.max(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            Object x = i < a.size() ? a.get(i) : null;
            Object y = i < b.size() ? b.get(i) : null;
            Object hx = x instanceof Map ? ((Map<?, ?>) x).get("sha256") : null;
            Object hy = y instanceof Map ? ((Map<?, ?>) y).get("sha256") : null;
            if (!Objects.equals(hx, hy)) {
                out.printf(Locale.ROOT, "data[%d]: %s | %s%n", i, describe(x), describe(y));
                d++;
            }
        }
        return d;
    }

    private static String describe(Object f) {
        if (!(f instanceof Map)) {
            return "(none)";
        }
        Map<?, ?> m = (Map<?, ?>) f;
        Object h = m.get("sha256");
        return m.get("role") + " " + m.get("file") + " sha256 " + (h == null ? "?" : h.toString().substring(0,
                Math.min(12, h.toString().length())) + "…");
    }

    private static String show(Object v) {
        String s = v == null ? "(absent)" : v.toString();
        return s.replace("\n", "\\n");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> r, String key, Path file) {
        return asMap(r.getOrDefault(key, Map.of()), file, key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object v, Path file, String key) {
        if (!(v instanceof Map)) {
            throw CliException.badInput(file + ": \"" + key + "\" is not an object");
        }
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> r, String key, Path file) {
        Object v = r.get(key);
        if (!(v instanceof List)) {
            throw CliException.badInput(file + ": \"" + key + "\" is missing or not a list");
        }
        return (List<Object>) v;
    }

    private static String string(Map<String, Object> r, String key, Path file) {
        Object v = r.get(key);
        if (!(v instanceof String)) {
            throw CliException.badInput(file + ": \"" + key + "\" is missing or not a string");
        }
        return (String) v;
    }
}
