using Supplychain.Components.Model;
using Supplychain.Components.ModelServing;
using Supplychain.Components.Platform;

namespace Supplychain.Components.Monitoring;

/// <summary>
/// The Grafana dashboards, built as value trees (serialised with <see cref="ValueJson"/>) so they are
/// deterministic and reviewable in the synthesized program. Queries use the <see cref="ModelMetrics"/>
/// names and the Prometheus data source kube-prometheus-stack provisions (uid <c>prometheus</c>).
/// </summary>
public static class MonitoringDashboards
{
    private const string DataSourceUid = "prometheus";

    /// <summary>Golden signals of every served model: request rate, p95 latency, error ratio, data drift.</summary>
    public static MapValue ModelServing()
    {
        const string selected = ModelMetrics.ModelLabel + "=~\"$model\"";
        const string by = ModelMetrics.ModelLabel + ", " + ModelMetrics.VersionLabel;
        const string legend = "{{model}} {{version}}";
        return Dashboard("supplychain-model-serving", "Supply chain / Model serving",
            [ModelVariable()],
            [
                Panel(1, "Request rate", ModelMetrics.RequestRate(selected, "5m", by), legend, "reqps", 0, 0),
                Panel(2, "p95 latency", ModelMetrics.LatencyP95(selected, "5m", by), legend, "s", 12, 0),
                Panel(3, "Error ratio (5xx)", ModelMetrics.ErrorRatio(selected, "5m", by), legend, "percentunit", 0, 8),
                Panel(4, "Data drift score", ModelMetrics.Drift(selected, by), legend, "none", 12, 8),
            ]);
    }

    /// <summary>The platform services the models depend on: MLflow, Feast, the object store and the image registry.</summary>
    public static MapValue Platform()
    {
        var namespaces = string.Join("|", PlatformNamespaces.Mlflow, PlatformNamespaces.Feast, PlatformNamespaces.Artifacts);
        var platform = $"namespace=~\"{namespaces}\"";
        return Dashboard("supplychain-platform", "Supply chain / Platform services", [],
            [
                Panel(1, "Targets up (MLflow, Feast, MinIO, registry)", $"sum by (namespace, service) (up{{{platform}}})", "{{namespace}}/{{service}}", "none", 0, 0),
                Panel(2, "Scrape duration", $"max by (namespace, service) (scrape_duration_seconds{{{platform}}})", "{{namespace}}/{{service}}", "s", 12, 0),
                Panel(3, "Registry p95 request latency",
                    $"histogram_quantile(0.95, sum by (le, handler) (rate(registry_http_request_duration_seconds_bucket{{namespace=\"{PlatformNamespaces.Artifacts}\"}}[5m])))",
                    "{{handler}}", "s", 0, 8),
                Panel(4, "MLflow p95 request latency",
                    $"histogram_quantile(0.95, sum by (le) (rate(flask_http_request_duration_seconds_bucket{{namespace=\"{PlatformNamespaces.Mlflow}\"}}[5m])))",
                    "mlflow", "s", 12, 8),
            ]);
    }

    internal static MapValue Dashboard(string uid, string title, IReadOnlyList<MapValue> variables, IReadOnlyList<MapValue> panels) => new()
    {
        ["uid"] = uid,
        ["title"] = title,
        ["tags"] = new ListValue { "supplychain" },
        ["editable"] = false,
        ["schemaVersion"] = 39,
        ["refresh"] = "30s",
        ["time"] = new MapValue { ["from"] = "now-6h", ["to"] = "now" },
        ["templating"] = new MapValue { ["list"] = new ListValue(variables) },
        ["panels"] = new ListValue(panels),
    };

    private static MapValue DataSource() => new() { ["type"] = "prometheus", ["uid"] = DataSourceUid };

    private static MapValue ModelVariable()
    {
        var query = $"label_values({ModelMetrics.RequestsTotal}, {ModelMetrics.ModelLabel})";
        return new MapValue
        {
            ["name"] = "model",
            ["label"] = "Model",
            ["type"] = "query",
            ["datasource"] = DataSource(),
            ["definition"] = query,
            ["query"] = new MapValue { ["query"] = query, ["refId"] = "model" },
            ["refresh"] = 2,
            ["multi"] = true,
            ["includeAll"] = true,
            ["current"] = new MapValue { ["text"] = "All", ["value"] = "$__all" },
        };
    }

    internal static MapValue Panel(int id, string title, string expr, string legend, string unit, int x, int y) => new()
    {
        ["id"] = id,
        ["type"] = "timeseries",
        ["title"] = title,
        ["datasource"] = DataSource(),
        ["gridPos"] = new MapValue { ["h"] = 8, ["w"] = 12, ["x"] = x, ["y"] = y },
        ["fieldConfig"] = new MapValue { ["defaults"] = new MapValue { ["unit"] = unit }, ["overrides"] = new ListValue() },
        ["targets"] = new ListValue
        {
            new MapValue { ["refId"] = "A", ["expr"] = expr, ["legendFormat"] = legend, ["datasource"] = DataSource() },
        },
    };
}
