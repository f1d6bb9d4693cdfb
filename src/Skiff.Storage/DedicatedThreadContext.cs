using System.Collections.Concurrent;

namespace Skiff.Storage;

/// <summary>Runs an async loop on a thread of its own: the loop and every continuation of its awaits run there.</summary>
/// <remarks>
/// The store's writer loop calls SQLite synchronously, fsync included. On a thread-pool thread each such call took one
/// of the pool's few threads (two on a 2-core machine) away from request processing for its whole duration, and each
/// wake-up of the loop queued behind request work, which stretched every group commit. Its own thread keeps the two
/// apart. Blocking that thread while the queue is empty is its purpose: nothing else ever runs on it.
/// </remarks>
internal sealed class DedicatedThreadContext : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];

    private DedicatedThreadContext()
    {
    }

    /// <summary>Starts <paramref name="loop"/> on a new background thread; the task ends when the loop does.</summary>
    public static Task Run(string threadName, Func<Task> loop)
    {
        var context = new DedicatedThreadContext();
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => context.Pump(loop, ended)) { IsBackground = true, Name = threadName };
        thread.Start();
        return ended.Task;
    }

    public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

    public override SynchronizationContext CreateCopy() => this;

    private void Pump(Func<Task> loop, TaskCompletionSource ended)
    {
        SetSynchronizationContext(this);
        Task running;
        try
        {
            running = loop();
        }
        catch (Exception e)
        {
            running = Task.FromException(e);
        }

        // Nothing of the loop is posted after its task ended, so the queue can be closed then.
        running.ContinueWith(_ => _queue.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        foreach (var (callback, state) in _queue.GetConsumingEnumerable())
        {
            callback(state);
        }

        _queue.Dispose();
        if (running.IsFaulted)
        {
            ended.TrySetException(running.Exception!.InnerExceptions);
        }
        else if (running.IsCanceled)
        {
            ended.TrySetCanceled();
        }
        else
        {
            ended.TrySetResult();
        }
    }
}
