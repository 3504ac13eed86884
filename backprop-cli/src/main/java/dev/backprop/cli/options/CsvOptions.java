package dev.backprop.cli.options;

import dev.backprop.cli.input.CsvSettings;
import dev.backprop.cli.output.CliException;
import dev.backprop.data.CsvFormat;
import dev.backprop.data.InputLimits;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How to read CSV files: shared by every command that reads one. */
public final class CsvOptions implements CsvSettings {
    @Option(names = {"--label-column", "--label"}, split = ",", paramLabel = "COLUMN",
            description = "Label column(s) of a CSV file, by header name or 0-based index (negative counts from the "
                    + "end); several, comma-separated, for regression. Default: the last column.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "CSV field separator: one character, or 'tab'. "
            + "Default: ${DEFAULT-VALUE}.")
    String delimiter = ",";

    @Option(names = "--header", paramLabel = "yes|no|auto", description = "Whether the first CSV row names the "
            + "columns; auto: when a cell of it is not a number. Default: ${DEFAULT-VALUE}.")
    CsvFormat.Header header = CsvFormat.Header.AUTO;

    @Option(names = "--skip-lines", paramLabel = "N", description = "Lines to skip at the top of a CSV file. "
            + "Default: ${DEFAULT-VALUE}.")
    int skipLines;

    @Option(names = "--encoding", paramLabel = "NAME", description = "Text encoding of CSV files, for example "
            + "ISO-8859-1 for Latin-1; bytes not valid in it are refused, never replaced. Default: ${DEFAULT-VALUE}.")
    String encoding = "UTF-8";

    @Option(names = "--max-line-bytes", paramLabel = "N", description = "Refuse a CSV line longer than N bytes, "
            + "before holding it whole, so that an endless line or a device cannot fill the memory. "
            + "Default: ${DEFAULT-VALUE} (16 MiB).")
    long maxLineBytes = InputLimits.DEFAULT_MAX_LINE_BYTES;

    @Option(names = "--max-gzip-ratio", paramLabel = "R", description = "Refuse gzip data that decompresses to more "
            + "than R times its compressed size (past the first MiB), so that a small file cannot fill the memory. "
            + "Default: ${DEFAULT-VALUE}.")
    long maxGzipRatio = InputLimits.DEFAULT_MAX_GZIP_RATIO;

    @Override
    public InputLimits limits() {
        if (maxLineBytes < 1) {
            throw CliException.badInput("--max-line-bytes " + maxLineBytes + ": expected 1 or more");
        }
        if (maxGzipRatio < 1) {
            throw CliException.badInput("--max-gzip-ratio " + maxGzipRatio + ": expected 1 or more");
        }
        return new InputLimits(maxLineBytes, maxGzipRatio);
    }

    @Override
    public CsvFormat format(boolean regression) {
        char d;
        if (delimiter.equalsIgnoreCase("tab") || delimiter.equals("\\t")) {
            d = '\t';
        } else if (delimiter.length() == 1) {
            d = delimiter.charAt(0);
        } else {
            throw CliException.badInput("--delimiter '" + delimiter + "': expected one character or 'tab'");
        }
        if (skipLines < 0) {
            throw CliException.badInput("--skip-lines " + skipLines + ": expected 0 or more");
        }
        CsvFormat f = CsvFormat.defaults().withDelimiter(d).withHeader(header).withSkipLines(skipLines)
                .withLimits(limits());
        try {
            f = f.withEncoding(charset());
        } catch (IllegalArgumentException e) {
            throw CliException.badInput("--encoding '" + encoding + "': " + e.getMessage());
        }
        if (!labels.isEmpty()) {
            boolean numeric = labels.stream().allMatch(s -> s.matches("-?\\d+"));
            if (numeric) {
                f = f.withLabels(labels.stream().mapToInt(Integer::parseInt).toArray());
            } else {
                f = f.withLabels(labels.toArray(new String[0]));
            }
        }
        return regression ? f.regression() : f.classification();
    }

    private Charset charset() {
        try {
            return Charset.forName(encoding);
        } catch (IllegalArgumentException e) {
            throw CliException.badInput("--encoding '" + encoding + "': expected an encoding this Java knows, like "
                    + "UTF-8, ISO-8859-1 or windows-1252");
        }
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    /** @return whether several label columns were named (only regression takes several) */
    public boolean severalLabels() {
        return labels.size() > 1;
    }
}
