namespace Supplychain.Components.Core;

/// <summary>A Service whose pods expose Prometheus metrics; Monitoring turns each into a ServiceMonitor.</summary>
/// <param name="Name">Unique, DNS label; names the ServiceMonitor.</param>
/// <param name="Namespace">The Service's namespace.</param>
/// <param name="App">The Service's <c>app.kubernetes.io/name</c> label.</param>
/// <param name="Port">The Service port name that serves metrics.</param>
/// <param name="Path">The metrics path (default <c>/metrics</c>).</param>
/// <param name="HonorLabels">Keep the scraped series' own <c>namespace</c>/<c>pod</c> labels (a Pushgateway's pushed groups,
/// an exporter reporting other pods' GPUs) instead of overwriting them with the target's.</param>
public sealed record ScrapeTarget(string Name, string Namespace, string App, string Port, string Path = "/metrics", bool HonorLabels = false)
{
    /// <summary>
    /// The Service's <c>app.kubernetes.io/component</c> label, when <see cref="App"/> alone does not single it out
    /// (Argo CD's controller, ApplicationSet and notifications metrics Services all share <c>argocd-metrics</c>).
    /// </summary>
    public string? Component { get; init; }

    /// <summary>The labels the ServiceMonitor selects on.</summary>
    public IReadOnlyDictionary<string, string> Selector => Component is null
        ? new SortedDictionary<string, string>(StringComparer.Ordinal) { [Domain.Labels.Name] = App }
        : new SortedDictionary<string, string>(StringComparer.Ordinal) { [Domain.Labels.Name] = App, [Domain.Labels.AppComponent] = Component };
}
