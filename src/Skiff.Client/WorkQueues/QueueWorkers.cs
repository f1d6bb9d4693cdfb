using Microsoft.Extensions.Logging;

namespace Skiff.Client.WorkQueues;

/// <summary>
/// Runs a controller's workers over its queue, in the shape of sample-controller's processNextWorkItem: get a
/// key, reconcile it, forget it on success or re-add it with backoff on failure, and always mark it done.
/// </summary>
public static partial class QueueWorkers
{
    /// <summary>
    /// Runs <paramref name="workers"/> workers until the token is cancelled (which shuts the queue down) or the
    /// queue is shut down, and returns once every worker has finished its current item and exited.
    /// </summary>
    public static async Task RunAsync<T>(
        WorkQueue<T> queue,
        int workers,
        Func<T, CancellationToken, Task> reconcile,
        ILogger logger,
        CancellationToken cancellationToken)
        where T : notnull
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        using var stopping = cancellationToken.Register(queue.ShutDown);
        var running = new Task[workers];
        for (var i = 0; i < running.Length; i++)
        {
            running[i] = Task.Run(() => WorkAsync(queue, reconcile, logger, cancellationToken), CancellationToken.None);
        }

        await Task.WhenAll(running);
    }

    private static async Task WorkAsync<T>(WorkQueue<T> queue, Func<T, CancellationToken, Task> reconcile, ILogger logger, CancellationToken cancellationToken)
        where T : notnull
    {
        while (true)
        {
            // Not cancellable: cancellation shuts the queue down, which is what releases a waiting worker.
            var (item, shutDown) = await queue.GetAsync(CancellationToken.None);
            if (shutDown)
            {
                return;
            }

            try
            {
                // A shut-down queue still hands out what was queued; once stopping, leave it unprocessed.
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                await reconcile(item, cancellationToken);
                queue.Forget(item);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping, not failing: the key is neither retried nor logged.
            }
            catch (Exception e)
            {
                LogReconcileFailed(logger, queue.Name, item, queue.NumRequeues(item), e);
                queue.AddRateLimited(item);
            }
            finally
            {
                queue.Done(item);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Queue {Queue}: reconciling {Key} failed after {Requeues} requeues; retrying with backoff")]
    private static partial void LogReconcileFailed(ILogger logger, string queue, object key, int requeues, Exception e);
}
