using Skiff.Client.WorkQueues;

namespace Skiff.Controllers.NodeLifecycle;

/// <summary>
/// The nodes of one zone waiting for a NoExecute taint, released at the zone's eviction rate (upstream's
/// RateLimitedTimedQueue with a token bucket of burst 1). A node stays a member after it is tainted, so it is not
/// queued again, until it is removed when it becomes Ready (or its taint must be put back).
/// </summary>
internal sealed class ZoneTainter(double rate, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly HashSet<string> members = new(StringComparer.Ordinal);
    private readonly List<(string Node, DateTimeOffset ProcessAt)> waiting = [];
    private double rate = rate;
    private ClientRateLimiter? limiter = rate > 0 ? new ClientRateLimiter(rate, 1, time) : null;

    /// <summary>Queues a node unless it is a member already; true if it was queued.</summary>
    public bool Add(string node)
    {
        lock (gate)
        {
            if (!members.Add(node))
            {
                return false;
            }

            waiting.Add((node, time.GetUtcNow()));
            return true;
        }
    }

    /// <summary>Forgets a node (queued or already tainted); true if it was a member.</summary>
    public bool Remove(string node)
    {
        lock (gate)
        {
            waiting.RemoveAll(w => w.Node == node);
            return members.Remove(node);
        }
    }

    /// <summary>
    /// Changes the rate (0 stops tainting). As upstream, a bucket that was empty hands its debt to the new one, so a
    /// zone that just tainted a node does not taint another at once because its state changed.
    /// </summary>
    public void SwapRate(double newRate)
    {
        lock (gate)
        {
            if (newRate == rate)
            {
                return;
            }

            var wasEmpty = limiter is not null && !limiter.TryAccept();
            rate = newRate;
            limiter = newRate > 0 ? new ClientRateLimiter(newRate, 1, time) : null;
            if (wasEmpty)
            {
                limiter?.TryAccept();
            }
        }
    }

    /// <summary>
    /// Hands queued nodes that are due to <paramref name="taint"/> while the rate allows; a node it cannot handle yet
    /// (false) is tried again after the delay it returns, a handled one stays a member.
    /// </summary>
    public async Task TryAsync(Func<string, Task<(bool Done, TimeSpan RetryAfter)>> taint)
    {
        while (true)
        {
            string node;
            lock (gate)
            {
                if (waiting.Count == 0)
                {
                    return;
                }

                var head = waiting.MinBy(w => w.ProcessAt);
                if (head.ProcessAt > time.GetUtcNow() || limiter is null || !limiter.TryAccept())
                {
                    return;
                }

                node = head.Node;
                waiting.Remove(head);
            }

            var (done, retryAfter) = await taint(node);
            if (!done)
            {
                lock (gate)
                {
                    if (members.Contains(node))
                    {
                        waiting.Add((node, time.GetUtcNow() + retryAfter));
                    }
                }

                return; // a failing node must not spin this pass; the next pass tries it again
            }
        }
    }
}
