package dev.backprop.cli.commands;

import dev.backprop.cli.input.DataLoader;
import dev.backprop.cli.input.LoadedData;
import dev.backprop.cli.input.ModelInfo;
import dev.backprop.cli.options.CsvOptions;
import dev.backprop.cli.options.ModelOptions;
import dev.backprop.cli.output.CliException;
import dev.backprop.cli.output.OutputFiles;
import dev.backprop.cli.output.Version;
import dev.backprop.io.Model;
import dev.backprop.io.ModelFile;
import dev.backprop.nn.Inference;
import dev.backprop.onnx.OnnxCertificate;
import dev.backprop.onnx.OnnxCheckException;
import dev.backprop.onnx.OnnxExport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backprop export}: a model file as an ONNX model, written only once the core's check has
 * read the bytes back, run their graph and found the network's predictions within float32
 * rounding ({@link OnnxExport}).
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Export a model as an ONNX model (opset 13) for ONNX Runtime and other runtimes: the input "
                + "scaling, each layer's Gemm and activation, the class names and training settings as metadata. "
                + "Before writing, the exported bytes are read back and their graph evaluated on a sample of cases "
                + "(rows of --data, or seeded random inputs in the model's input range); the file is written only "
                + "when every output matches the model's prediction within a bound on float32 rounding.",
            "Example:",
            "  backprop export --model digits.safetensors --onnx digits.onnx --data test.csv"})
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"--model", "-m"}, required = true, paramLabel = "MODEL", description = "A model file written by "
            + "'backprop train'.")
    Path model;

    @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "The ONNX file to write (whole or "
            + "not at all).")
    Path onnx;

    @Option(names = {"--data", "-d"}, paramLabel = "FILE", description = "Cases for the check: a CSV file, or IDX "
            + "images. Default: seeded random inputs in the model's input range.")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX labels for IDX images in --data (not needed).")
    Path labels;

    @Option(names = "--sample", paramLabel = "N", description = "Cases to check: evenly spaced rows of --data, or "
            + "random inputs. Default: ${DEFAULT-VALUE}.")
    int sample = OnnxExport.DEFAULT_SAMPLE;

    @Mixin
    CsvOptions csv;

    @Override
    public Integer call() throws Exception {
        if (sample < 1) {
            throw CliException.badInput("--sample " + sample + ": expected 1 or more cases");
        }
        OutputFiles.checkWritable(onnx, "--onnx");
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("--model", model);
        inputs.put("--data", data);
        inputs.put("--labels", labels);
        OutputFiles.checkDistinct(inputs, Map.of("--onnx", onnx));
        ModelInfo m = ModelInfo.of(ModelFile.load(model));
        PrintWriter out = spec.commandLine().getOut();
        out.println(ModelOptions.describe(m.model()));
        float[] x;
        int cases;
        if (data == null) {
            cases = sample;
            x = OnnxExport.sampleInputs(m.model(), cases, m.model().seed());
            out.printf(Locale.ROOT, "sample: %d seeded random inputs in the model's input range (seed %d)%n", cases,
                    m.model().seed());
        } else {
            LoadedData d = DataLoader.forModel(data, labels, csv, m, false);
            cases = Math.min(sample, d.rows());
            x = rows(m.model(), d, cases);
            out.printf(Locale.ROOT, "sample: %d of the %d rows of %s%n", cases, d.rows(), data);
        }
        byte[] bytes = OnnxExport.encode(m.model(), Version.library());
        OnnxCertificate c;
        try {
            c = OnnxExport.check(bytes, m.model(), x, cases);
        } catch (OnnxCheckException e) {
            throw new CliException(CliException.FAILURE, e.getMessage() + "; nothing was written");
        }
        out.println("graph: " + c.graph());
        if (!c.passed()) {
            out.flush();
            throw new CliException(CliException.FAILURE, "the exported graph disagrees with the model: " + c.line()
                    + "; nothing was written");
        }
        out.println(c.line());
        OutputFiles.writeAtomically(onnx, os -> os.write(bytes));
        out.printf(Locale.ROOT, "wrote %s (%,d bytes, ONNX opset 13, IR version 7)%n", onnx, bytes.length);
        out.flush();
        return 0;
    }

    /**
     * {@code cases} evenly spaced rows of the data as read (the check scales them itself), after
     * refusing, by row, a value the model's scaling makes infinite or an output that is not finite.
     */
    private float[] rows(Model mod, LoadedData d, int cases) {
        int w = d.inputs();
        float[] raw = new float[cases * w];
        int[] row = new int[cases];
        for (int c = 0; c < cases; c++) {
            row[c] = (int) ((long) c * d.rows() / cases);
            System.arraycopy(d.x(), row[c] * w, raw, c * w, w);
        }
        ModelOptions.scale(mod, d);
        float[] scaled = new float[cases * w];
        for (int c = 0; c < cases; c++) {
            System.arraycopy(d.x(), row[c] * w, scaled, c * w, w);
        }
        float[] y = new Inference(mod.network()).outputs(scaled, cases);
        ModelOptions.checkOutputs(model, mod.network(), scaled, y, cases, c -> "row " + (row[c] + 1) + " of "
                + d.file());
        return raw;
    }
}
