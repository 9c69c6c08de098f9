using Supplychain.Components.Model;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Importers;

/// <summary>
/// The stack as it will be after an update: a state export for every resource the preview leaves unchanged (with its
/// deployed outputs), the preview's new state for what it creates, updates or replaces, and without what it deletes.
/// A preview alone shows only changes unless run with <c>--show-sames</c>; with the export next to it the audit is complete.
/// </summary>
public static class PlannedState
{
    public static EngineImport Combine(EngineImport state, EngineImport preview, out IReadOnlyList<string> notes)
    {
        if (state.StackName is not null && preview.StackName is not null && (state.StackName != preview.StackName || state.ProjectName != preview.ProjectName))
            throw new EngineImportException(preview.Source, null, null, null,
                $"the preview is of stack {preview.ProjectName}/{preview.StackName} but the export ({state.Source}) is of {state.ProjectName}/{state.StackName}: pass the export of the stack the preview ran on");

        var byUrn = new Dictionary<string, (ResourceView View, int Kind)>(StringComparer.Ordinal); // kind: 0 resource, 1 provider, 2 external
        var order = new List<string>();
        void Put(ResourceView v, int kind)
        {
            if (!byUrn.ContainsKey(v.Urn!)) order.Add(v.Urn!);
            byUrn[v.Urn!] = (v, kind);
        }
        foreach (var v in state.Resources) Put(v, 0);
        foreach (var v in state.Providers) Put(v, 1);
        foreach (var v in state.External) Put(v, 2);

        var previewViews = preview.Resources.Select(v => (v, 0)).Concat(preview.Providers.Select(v => (v, 1))).Concat(preview.External.Select(v => (v, 2)))
            .ToDictionary(x => x.v.Urn!, x => x, StringComparer.Ordinal);
        var changes = state.Changes.ToDictionary(c => c.Urn, c => c, StringComparer.Ordinal);
        var changeOrder = state.Changes.Select(c => c.Urn).ToList();
        foreach (var c in preview.Changes)
        {
            if (!changes.ContainsKey(c.Urn)) changeOrder.Add(c.Urn);
            changes[c.Urn] = c;
            if (c.Op is "delete" or "discard" or "remove-pending-replace") { byUrn.Remove(c.Urn); continue; }
            if (c.Op == "same" && byUrn.ContainsKey(c.Urn)) continue; // unchanged: the export holds what is deployed
            if (previewViews.TryGetValue(c.Urn, out var pv)) Put(pv.v, pv.Item2);
        }

        var live = order.Where(byUrn.ContainsKey).Select(u => byUrn[u]).ToList();
        var resources = live.Where(x => x.Kind == 0).Select(x => x.View).ToList();
        var providers = live.Where(x => x.Kind == 1).Select(x => x.View).ToList();
        var external = live.Where(x => x.Kind == 2).Select(x => x.View).ToList();
        var declared = new Dictionary<string, MapValue>(state.DeclaredInputs, StringComparer.Ordinal);
        foreach (var (name, inputs) in preview.DeclaredInputs) declared[name] = inputs;

        var merged = changeOrder.Select(u => changes[u]).ToList();
        var after = merged.Count(c => c.Op is not ("delete" or "discard" or "remove-pending-replace") && !IsDefaultProvider(c));
        var list = new List<string>();
        if (preview.ChangeSummary is { } summary)
        {
            var expected = summary.Where(kv => kv.Key is not ("delete" or "discard")).Sum(kv => kv.Value);
            if (expected != after)
                list.Add($"The preview's changeSummary implies {expected} resources after the update, the export and the preview together give {after}: " +
                         "was the export taken before the preview ran? Export the stack again right before the preview.");
        }
        notes = list;
        var deleted = merged.Count(c => c.Op is "delete" or "discard" or "remove-pending-replace");
        return new EngineImport(EngineFormat.Preview, $"{preview.Source} + {state.Source}", preview.StackName ?? state.StackName,
            preview.ProjectName ?? state.ProjectName, resources, providers,
            new ImportCounts(state.Counts.Elements + preview.Counts.Elements, resources.Count, merged.Count(c => !c.Custom && c.Type != EngineResources.StackType),
                providers.Count, merged.Count(c => c.Type == EngineResources.StackType), deleted, external.Count))
        {
            Shape = preview.Shape,
            Version = state.Version,
            Coverage = new Coverage(CoverageKind.Complete, after, after, "export plus preview: the stack after the update"),
            ChangeSummary = preview.ChangeSummary,
            External = external,
            Diagnostics = preview.Diagnostics,
            PendingOperations = state.PendingOperations,
            PolicyEvents = preview.PolicyEvents,
            Changes = merged,
            DeclaredInputs = declared,
            ManifestTime = state.ManifestTime,
            ManifestVersion = state.ManifestVersion,
        };
    }

    private static bool IsDefaultProvider(ResourceChange c) =>
        c.Type.StartsWith(EngineResources.ProviderTypePrefix, StringComparison.Ordinal) && (c.Name == "default" || c.Name.StartsWith("default_", StringComparison.Ordinal));
}
