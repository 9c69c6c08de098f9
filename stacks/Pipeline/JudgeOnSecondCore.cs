using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Supplychain.Stacks.Pipeline;

/// <summary>
/// Hands a streaming audit's views to its <see cref="Supplychain.Policies.Judging.StreamingJudge"/> on a second thread, so reading the file (the JSON
/// walk and the conversion into views, about two thirds of the audit's CPU) and judging (the rest) run on two cores at
/// once. The judge receives the same views in the same order as it would on one thread: the outcome is the same, only
/// the wait is shorter. Memory stays bounded: at most <see cref="Capacity"/> batches of views are in flight.
/// <para>
/// The importer builds each view and never touches it again once handed over (its per-resource state is its own), so
/// the two threads share only immutable values. A judge that throws keeps draining (judging nothing more) so the reader
/// never blocks; its exception is rethrown, with its own stack trace, by the next <see cref="Add"/> or by <see cref="Complete"/>.
/// </para>
/// </summary>
internal sealed class JudgeOnSecondCore
{
    /// <summary>Views per hand-over: one synchronisation per batch instead of per view.</summary>
    internal const int BatchSize = 64;

    /// <summary>Batches in flight at most (the reader waits when the judge is this far behind).</summary>
    internal const int Capacity = 16;

    private readonly BlockingCollection<ResourceView[]> _queue = new(Capacity);
    private readonly Thread _thread;
    private ResourceView[] _batch = new ResourceView[BatchSize];
    private int _count;
    private readonly Action<ResourceView> _judge;
    private ExceptionDispatchInfo? _failure;

    /// <param name="judge">What judges one view (<see cref="Supplychain.Policies.Judging.StreamingJudge.Add"/>), called on the second thread in order.</param>
    public JudgeOnSecondCore(Action<ResourceView> judge)
    {
        _judge = judge;
        _thread = new Thread(Drain) { IsBackground = true, Name = "supplychain judge" };
        _thread.Start();
    }

    /// <summary>Whether handing views to a second thread can shorten the audit: only with a second core to run it.</summary>
    public static bool Helps => Environment.ProcessorCount > 1;

    /// <summary>Queues a view; rethrows the judge's failure as soon as it is known, so the reader stops as it would on one thread.</summary>
    public void Add(ResourceView view)
    {
        Volatile.Read(ref _failure)?.Throw();
        _batch[_count++] = view;
        if (_count < BatchSize) return;
        _queue.Add(_batch);
        _batch = new ResourceView[BatchSize];
        _count = 0;
    }

    /// <summary>Hands over the last views and waits until the judge has judged every one; rethrows the judge's failure.</summary>
    public void Complete()
    {
        Stop();
        _failure?.Throw();
    }

    /// <summary>Ends the judging thread without rethrowing (the reader failed: its exception is the one to report).</summary>
    public void Abandon() => Stop();

    private void Stop()
    {
        if (_queue.IsAddingCompleted) { _thread.Join(); return; }
        if (_count > 0) _queue.Add(_batch[.._count]);
        _count = 0;
        _queue.CompleteAdding();
        _thread.Join();
    }

    private void Drain()
    {
        foreach (var batch in _queue.GetConsumingEnumerable())
        {
            if (_failure is not null) continue; // keep draining: the reader must never wait on a dead judge
            try
            {
                foreach (var view in batch) _judge(view);
            }
            catch (Exception e) { Volatile.Write(ref _failure, ExceptionDispatchInfo.Capture(e)); }
        }
    }
}
