namespace Supplychain.Components.Core;

/// <summary>A Service whose pods expose Prometheus metrics; Monitoring turns each into a ServiceMonitor.</summary>
/// <param name="Name">Unique, DNS label; names the ServiceMonitor.</param>
/// <param name="Namespace">The Service's namespace.</param>
/// <param name="App">The Service's <c>app.kubernetes.io/name</c> label.</param>
/// <param name="Port">The Service port name that serves metrics.</param>
/// <param name="Path">The metrics path (default <c>/metrics</c>).</param>
/// <param name="HonorLabels">Keep the scraped series' own <c>namespace</c>/<c>pod</c> labels (a Pushgateway's pushed groups,
/// an exporter reporting other pods' GPUs) instead of overwriting them with the target's.</param>
public sealed record ScrapeTarget(string Name, string Namespace, string App, string Port, string Path = "/metrics", bool HonorLabels = false);
