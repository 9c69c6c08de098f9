using Supplychain.Components.Domain;
using Supplychain.Policies.Importers;
using Supplychain.Policies.Judging;
using Supplychain.Policies.Waivers;

namespace Supplychain.Stacks.Pipeline;

internal sealed partial class AuditPipeline
{
    /// <summary>Resources read before a context inferred from the resources is guessed and the judging starts.</summary>
    internal const int ContextSample = 512;

    /// <summary>
    /// Audits one engine output as it streams: each resource is judged as it is read and dropped (<see cref="StreamingJudge"/>),
    /// so memory does not hold the stack. The outcome equals <see cref="Run"/>'s on the same file. Null when the input
    /// cannot be judged this way and needs <see cref="Run"/>: a URN's state given twice (an event log's outputs after its
    /// pre-event; a replacement shown step by step) or an autoscaler after the workload it scales. Drift and the
    /// evidence package read every view, so a caller uses <see cref="Run"/> for those.
    /// <para>
    /// Without a stack's config the context is inferred from every resource: the judging starts with the context of the
    /// first <see cref="ContextSample"/> resources, and when the whole input infers another, the file is judged again with it.
    /// </para>
    /// <para>
    /// <paramref name="keepChecks"/> false drops each check once it is counted (<see cref="PolicyReport.ChecksKept"/>): for a
    /// caller that writes no JUnit report, the only one listing them, so they do not grow with the input.
    /// </para>
    /// </summary>
    public AuditOutcome? RunStreaming(EngineFormat format, string path, string? stackName, int chunkSize = 256, bool keepChecks = true)
    {
        if (format == EngineFormat.State && stackName is not null) return null; // drift compares every deployed view
        var stack = StackOf(stackName);
        var policyNotes = new List<string>();
        var (waivers, policies) = PolicyFiles(stack.Policy, policyNotes);
        var outcome = Stream(format, path, stack, stack.Spec?.Stack, waivers, policies, chunkSize, keepChecks);
        if (outcome is null) return null;
        if (stack.Spec is null && outcome.Value.Inferred != outcome.Value.JudgedWith)
            outcome = Stream(format, path, stack, outcome.Value.Inferred, waivers, policies, chunkSize, keepChecks);
        if (outcome is not { } done) return null;
        var notes = ContextNotes(stack, done.Import, done.JudgedWith);
        notes.AddRange(policyNotes); // in the same place as the batch audit's
        return Conclude(done.Import, stack, done.JudgedWith, done.Judgement, [], notes);
    }

    private (EngineImport Import, StackContext JudgedWith, StackContext Inferred, Judgement Judgement)? Stream(
        EngineFormat format, string path, StackInputs stack, StackContext? context, WaiverSet waivers, PolicySet policies, int chunkSize, bool keepChecks)
    {
        var sink = new Sink(context, c => new StreamingJudge(_catalog.Value, Request(c, stack, waivers, policies), chunkSize, keepChecks));
        var import = EngineImporter.ReadFile(format, path, sink);
        if (import.StreamRevisited) return null;
        var judge = sink.Finish(import.StackName);
        if (judge.NeedsBatch) return null;
        return (import, sink.JudgedWith!, sink.Votes.Context(import.StackName), judge.Finish());
    }

    /// <summary>
    /// Takes the importer's views: judged resources go to the judge as they come, explicit providers after them (the batch
    /// audit judges the resources, then the providers). Until the context is known, the first resources wait in a sample.
    /// </summary>
    private sealed class Sink(StackContext? context, Func<StackContext, StreamingJudge> start) : IEngineResourceSink
    {
        private readonly List<ResourceView> _sample = [];
        private readonly List<ResourceView> _providers = [];
        private StreamingJudge? _judge;

        public ContextVotes Votes { get; } = new();
        public StackContext? JudgedWith { get; private set; } = context;

        public void Add(ResourceView view, bool isProvider)
        {
            Votes.Observe(view, isProvider);
            if (isProvider)
            {
                if (IsExplicitProvider(view)) _providers.Add(view);
                return;
            }
            if (_judge is null && JudgedWith is not null) _judge = start(JudgedWith);
            if (_judge is not null) { _judge.Add(view); return; }
            _sample.Add(view);
            if (_sample.Count >= ContextSample) Begin(null);
        }

        /// <summary>The judge with every resource and provider added, ready to finish.</summary>
        public StreamingJudge Finish(string? stackName)
        {
            if (_judge is null) Begin(stackName);
            foreach (var p in _providers) _judge!.Add(p);
            return _judge!;
        }

        private void Begin(string? stackName)
        {
            // The URNs' stack name is known from the first resource on; a guess from the sample, checked when the input ends.
            JudgedWith ??= Votes.Context(stackName ?? _sample.Select(v => v.Urn).OfType<string>().Select(StackNameOf).FirstOrDefault());
            _judge = start(JudgedWith);
            foreach (var v in _sample) _judge.Add(v);
            _sample.Clear();
        }

        private static string? StackNameOf(string urn)
        {
            var parts = urn["urn:pulumi:".Length..].Split("::", 3);
            return parts.Length >= 2 ? parts[0] : null;
        }
    }
}
