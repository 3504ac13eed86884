package dev.backprop.spark.submit;

import dev.backprop.data.ClassNames;
import dev.backprop.data.Dataset;
import dev.backprop.data.Scaler;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The training data of {@link SparkTrain} as the frame {@link dev.backprop.spark.SparkTrainer}
 * takes: a {@code features} vector column and a {@code label} column (class index, target, or
 * target vector), plus the index column if one is named, in the file's row order.
 *
 * <p>Values become float32 as {@code backprop train} reads them: CSV cells (read as text) through
 * {@link Float#parseFloat}, numbers of a typed column rounded from their type, so that the same
 * file gives the same cases. Class names are the label values as text, in {@link ClassNames#sorted}
 * order, as train names them.
 *
 * @param frame the columns {@code features}, {@code label} (and the index column)
 * @param classNames the classes in output order, or null for regression
 * @param featureNames the input columns' names, or null when the features are one vector column
 * @param targetNames the target columns' names (regression), or null
 * @param inputs values per case
 * @param outputs targets per case (classes, for classification)
 */
record Input(org.apache.spark.sql.Dataset<Row> frame, List<String> classNames, List<String> featureNames,
             List<String> targetNames, int inputs, int outputs) {
    /** The columns of {@link #frame}. */
    static final String FEATURES = "features";
    static final String LABEL = "label";

    /**
     * Reads the data and picks its columns.
     *
     * @param spark the session
     * @param path any Hadoop path or URI
     * @param format parquet, csv, libsvm or json
     * @param labels the label columns as given (names, or 0-based indices, negative from the end), or null
     * @param featuresCol a vector column of features, or null
     * @param indexCol the index column, or null
     * @param regression whether the labels are targets
     * @return the input
     * @throws IllegalArgumentException in one line naming the column, for a missing or unusable column
     */
    static Input read(SparkSession spark, String path, String format, List<String> labels, String featuresCol,
                      String indexCol, boolean regression) {
        org.apache.spark.sql.Dataset<Row> raw = load(spark, path, format);
        StructType schema = raw.schema();
        List<String> names = Arrays.asList(schema.fieldNames());
        List<String> labelCols = new ArrayList<>();
        for (String l : labels != null ? labels : List.of(format.equals("libsvm") ? "label" : "-1")) {
            labelCols.add(column(names, l.trim(), "--label-column"));
        }
        if (indexCol != null) {
            column(names, indexCol, "--index-column");
        }
        String vector = featuresCol != null ? column(names, featuresCol, "--features-column")
                : format.equals("libsvm") ? "features" : null;
        List<String> featureCols = vector == null ? featureColumns(schema, labelCols, indexCol, path) : List.of();
        if (vector != null && !schema.apply(vector).dataType().equals(SQLDataTypes.VectorType())) {
            throw new IllegalArgumentException("--features-column '" + vector + "' is "
                    + schema.apply(vector).dataType().simpleString() + "; expected a vector column");
        }
        labelCols.forEach(l -> checkScalar(schema, l, "label"));
        org.apache.spark.sql.Dataset<Row> picked = raw.selectExpr(selection(vector, featureCols, labelCols, indexCol));
        int inputs = vector != null ? vectorSize(picked) : featureCols.size();
        List<String> classes = regression ? null : classNames(picked, featureCols.isEmpty() ? 1 : featureCols.size(),
                labelCols.get(0));
        StructType out = new StructType().add(FEATURES, SQLDataTypes.VectorType(), false)
                .add(LABEL, regression && labelCols.size() > 1 ? SQLDataTypes.VectorType() : DataTypes.DoubleType);
        if (indexCol != null) {
            out = out.add(indexCol, schema.apply(indexCol).dataType());
        }
        int width = vector != null ? 1 : featureCols.size();
        String[] classArray = classes == null ? null : classes.toArray(new String[0]);
        List<String> labelNames = List.copyOf(labelCols);
        List<String> featureNames = featureCols;
        JavaRDD<Row> rows = picked.javaRDD().map(r -> toRow(r, width, featureNames, labelNames, classArray,
                indexCol != null));
        return new Input(spark.createDataFrame(rows, out), classes, vector != null ? null : featureCols,
                regression ? labelCols : null, inputs, regression ? labelCols.size() : classes.size());
    }

    /** Every column but the labels and the index, in order, each of numbers (or CSV text). */
    private static List<String> featureColumns(StructType schema, List<String> labels, String indexCol, String path) {
        List<String> features = new ArrayList<>();
        for (String n : schema.fieldNames()) {
            if (!labels.contains(n) && !n.equals(indexCol)) {
                features.add(checkScalar(schema, n, "feature"));
            }
        }
        if (features.isEmpty()) {
            throw new IllegalArgumentException(path + ": no feature columns besides the label " + labels);
        }
        return features;
    }

    private static org.apache.spark.sql.Dataset<Row> load(SparkSession spark, String path, String format) {
        switch (format) {
            // CSV as text, so that each cell becomes the float train parses from the same characters
            case "csv": return spark.read().option("header", true).option("inferSchema", false).csv(path);
            case "parquet": return spark.read().parquet(path);
            case "json": return spark.read().json(path);
            case "libsvm": return spark.read().format("libsvm").load(path);
            default: throw new IllegalArgumentException("--format '" + format
                    + "': expected parquet, csv, libsvm or json");
        }
    }

    /** A column by name, or by 0-based index (negative from the end) when no column has that name. */
    private static String column(List<String> names, String given, String flag) {
        if (names.contains(given)) {
            return given;
        }
        try {
            int i = Integer.parseInt(given);
            int at = i < 0 ? names.size() + i : i;
            if (at >= 0 && at < names.size()) {
                return names.get(at);
            }
        } catch (NumberFormatException e) {
            // not an index: a missing name, below
        }
        throw new IllegalArgumentException(flag + " '" + given + "': no such column; the data has " + names);
    }

    private static String checkScalar(StructType schema, String name, String role) {
        DataType t = schema.apply(name).dataType();
        if (!(t instanceof NumericType) && !t.equals(DataTypes.StringType)
                && !(role.equals("label") && t.equals(DataTypes.BooleanType))) {
            throw new IllegalArgumentException(role + " column '" + name + "' is " + t.simpleString()
                    + "; expected numbers" + (t.equals(SQLDataTypes.VectorType()) ? " (a vector column of features "
                    + "is named with --features-column)" : ""));
        }
        return name;
    }

    private static String[] selection(String vector, List<String> features, List<String> labels, String index) {
        List<String> cols = new ArrayList<>();
        if (vector != null) {
            cols.add(vector);
        } else {
            features.forEach(f -> cols.add(quoted(f)));
        }
        labels.forEach(l -> cols.add(quoted(l)));
        if (index != null) {
            cols.add(quoted(index));
        }
        return cols.toArray(new String[0]);
    }

    private static String quoted(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    private static int vectorSize(org.apache.spark.sql.Dataset<Row> picked) {
        Row first = picked.first();
        return ((Vector) first.get(0)).size();
    }

    /** The distinct label values as text, in train's class order. */
    private static List<String> classNames(org.apache.spark.sql.Dataset<Row> picked, int width, String column) {
        List<String> labels = picked.javaRDD().map(r -> text(r, width, column)).distinct().collect();
        if (labels.size() < 2) {
            throw new IllegalArgumentException("label column '" + column + "' holds " + labels.size()
                    + " class(es); expected 2 or more (for a numeric target give --task regression)");
        }
        return ClassNames.sorted(labels).names();
    }

    private static String text(Row r, int at, String column) {
        if (r.isNullAt(at)) {
            throw new IllegalArgumentException("label column '" + column + "': a null value");
        }
        Object v = r.get(at);
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : v.toString();
        }
        return v.toString().trim();
    }

    private static Row toRow(Row r, int width, List<String> featureNames, List<String> labels, String[] classes,
                             boolean index) {
        double[] x;
        if (featureNames.isEmpty()) {
            x = ((Vector) r.get(0)).toArray();
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) x[j];
            }
        } else {
            x = new double[width];
            for (int j = 0; j < width; j++) {
                x[j] = value(r, j, featureNames.get(j), "feature");
            }
        }
        Object label;
        if (classes != null) {
            int k = Arrays.asList(classes).indexOf(text(r, width, labels.get(0)));
            label = (double) k;
        } else if (labels.size() == 1) {
            label = value(r, width, labels.get(0), "label");
        } else {
            double[] y = new double[labels.size()];
            for (int t = 0; t < y.length; t++) {
                y[t] = value(r, width + t, labels.get(t), "label");
            }
            label = Vectors.dense(y);
        }
        Vector features = Vectors.dense(x);
        return index ? RowFactory.create(features, label, r.get(width + labels.size()))
                : RowFactory.create(features, label);
    }

    /** A cell as train reads it, as a float32 held in a double. */
    private static double value(Row r, int at, String column, String role) {
        if (r.isNullAt(at)) {
            throw new IllegalArgumentException(role + " column '" + column + "': a null value");
        }
        Object v = r.get(at);
        if (v instanceof String s) {
            try {
                return Float.parseFloat(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(role + " column '" + column + "': '" + s + "' is not a number");
            }
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return (float) ((Number) v).doubleValue();
    }

    /**
     * Fits min-max scaling on the cases as the local trainer does: the per-feature minimum and
     * maximum are the same in any order, so they are gathered on Spark and the core's
     * {@link Scaler#fitMinMax} fits on those two cases.
     *
     * @param kind none or minmax
     * @return the scaler
     */
    Scaler fitScaler(String kind) {
        if (kind.equals(Scaler.NONE)) {
            return Scaler.none();
        }
        int w = inputs;
        float[][] range = frame.javaRDD().map(r -> {
            double[] v = ((Vector) r.get(0)).toArray();
            float[][] m = new float[2][w];
            for (int j = 0; j < w; j++) {
                m[0][j] = (float) v[j];
                m[1][j] = (float) v[j];
            }
            return m;
        }).reduce((a, b) -> {
            for (int j = 0; j < w; j++) {
                a[0][j] = Math.min(a[0][j], b[0][j]);
                a[1][j] = Math.max(a[1][j], b[1][j]);
            }
            return a;
        });
        float[] x = new float[2 * w];
        System.arraycopy(range[0], 0, x, 0, w);
        System.arraycopy(range[1], 0, x, w, w);
        return Scaler.fitMinMax(new Dataset(x, new float[2], 2, w, 1));
    }

    /**
     * @param scaler the fitted scaler
     * @return this input with its features scaled as the local trainer scales them, in float32
     */
    Input scaled(Scaler scaler) {
        if (scaler.kind().equals(Scaler.NONE)) {
            return this;
        }
        String kind = scaler.kind();
        float[] offsets = scaler.offsets();
        float[] scales = scaler.scales();
        int w = inputs;
        JavaRDD<Row> rows = frame.javaRDD().map(r -> {
            double[] v = ((Vector) r.get(0)).toArray();
            float[] x = new float[w];
            for (int j = 0; j < w; j++) {
                x[j] = (float) v[j];
            }
            new Scaler(kind, offsets, scales).apply(x, 1, w);
            for (int j = 0; j < w; j++) {
                v[j] = x[j];
            }
            Object[] cells = new Object[r.size()];
            cells[0] = Vectors.dense(v);
            for (int c = 1; c < cells.length; c++) {
                cells[c] = r.get(c);
            }
            return RowFactory.create(cells);
        });
        return new Input(frame.sparkSession().createDataFrame(rows, frame.schema()), classNames, featureNames,
                targetNames, inputs, outputs);
    }

    /** @param text a file name @return its format by extension (ignoring .gz), or null */
    static String formatOf(String text) {
        String n = text.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        n = n.endsWith(".gz") ? n.substring(0, n.length() - 3) : n;
        for (String[] e : new String[][] {{".parquet", "parquet"}, {".csv", "csv"}, {".json", "json"},
                {".jsonl", "json"}, {".libsvm", "libsvm"}, {".svm", "libsvm"}}) {
            if (n.endsWith(e[0])) {
                return e[1];
            }
        }
        return null;
    }
}
