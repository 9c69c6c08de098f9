using System.Globalization;

namespace Supplychain.Components.ModelServing;

/// <summary>
/// The serving contract every model image must honour, defined once and used by the Rollout (probes),
/// the Prometheus alert rules, the Grafana dashboards and the canary AnalysisTemplate.
/// <para>
/// <b>The serving image must export</b>, on the container port named <see cref="PortName"/> at
/// <see cref="MetricsPath"/>, in Prometheus text format, with the labels <c>model</c> and <c>version</c>
/// set from the <c>MODEL_NAME</c> and <c>MODEL_VERSION</c> environment variables:
/// <list type="bullet">
/// <item><see cref="RequestDuration"/>: histogram of inference request latency in seconds;</item>
/// <item><see cref="RequestsTotal"/>: counter of inference requests with the HTTP status in label <c>code</c>;</item>
/// <item><see cref="DriftScore"/>: gauge, 0..1, of the data-drift score the server computes on live inputs.</item>
/// </list>
/// It must also answer the Open Inference Protocol (KServe v2) health endpoints <see cref="ReadinessPath"/>
/// and <see cref="LivenessPath"/>, as MLServer, Triton and KServe runtimes do.
/// </para>
/// </summary>
public static class ModelMetrics
{
    public const string RequestDuration = "model_request_duration_seconds";
    public const string RequestsTotal = "model_requests_total";
    public const string DriftScore = "model_data_drift_score";

    public const string ModelLabel = "model";
    public const string VersionLabel = "version";
    public const string CodeLabel = "code";

    public const string PortName = "http";
    public const string MetricsPath = "/metrics";
    public const string ReadinessPath = "/v2/health/ready";
    public const string LivenessPath = "/v2/health/live";

    /// <summary>A PromQL label matcher list, e.g. <c>model="fraud",version="1.2"</c>; values are escaped.</summary>
    public static string Matchers(params (string Label, string Value)[] matchers) =>
        string.Join(",", matchers.Select(m => $"{m.Label}=\"{Escape(m.Value)}\""));

    /// <summary>Requests per second over <paramref name="window"/>, grouped by <paramref name="by"/>.</summary>
    public static string RequestRate(string matchers, string window, string by = "") =>
        $"sum{By(by)}(rate({RequestsTotal}{{{matchers}}}[{window}]))";

    /// <summary>Share of requests answered with a 5xx status.</summary>
    public static string ErrorRatio(string matchers, string window, string by = "") =>
        $"sum{By(by)}(rate({RequestsTotal}{{{Join(matchers, CodeLabel + "=~\"5..\"")}}}[{window}])) / {RequestRate(matchers, window, by)}";

    /// <summary>Share of requests not answered with a 5xx status (what a canary must keep high).</summary>
    public static string SuccessRatio(string matchers, string window, string by = "") =>
        $"sum{By(by)}(rate({RequestsTotal}{{{Join(matchers, CodeLabel + "!~\"5..\"")}}}[{window}])) / {RequestRate(matchers, window, by)}";

    /// <summary>The 95th percentile of request latency in seconds.</summary>
    public static string LatencyP95(string matchers, string window, string by = "") =>
        $"histogram_quantile(0.95, sum by ({Join("le", by)}) (rate({RequestDuration}_bucket{{{matchers}}}[{window}])))";

    /// <summary>The highest current drift score.</summary>
    public static string Drift(string matchers, string by = "") => $"max{By(by)}({DriftScore}{{{matchers}}})";

    public static string Number(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    private static string By(string by) => by.Length == 0 ? "" : $" by ({by}) ";
    private static string Join(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : a + "," + b;
    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
