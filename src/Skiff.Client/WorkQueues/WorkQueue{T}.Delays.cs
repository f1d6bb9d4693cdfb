namespace Skiff.Client.WorkQueues;

// Delayed and rate-limited adds: items wait in a heap ordered by ready time, woken by one timer.
public sealed partial class WorkQueue<T>
{
    // Timers take at most about 49 days (a uint of milliseconds); longer waits re-arm each time the timer fires.
    private static readonly TimeSpan MaxTimerDue = TimeSpan.FromDays(1);

    private readonly TimeProvider timeProvider;
    private readonly ITimer timer;

    // Ready times are measured from this timestamp so that all arithmetic stays in TimeSpan.
    private readonly long origin;

    // Earliest ready time first. An item moved sooner leaves its old entry behind; readyAt says which entry is current.
    private readonly PriorityQueue<T, TimeSpan> waiting = new();
    private readonly Dictionary<T, TimeSpan> readyAt = [];

    // When the timer is set to fire, so an add that is not sooner leaves it alone.
    private TimeSpan timerDue = TimeSpan.MaxValue;

    /// <summary>Items waiting for their delay to pass.</summary>
    internal int DelayedCount
    {
        get
        {
            lock (gate)
            {
                return readyAt.Count;
            }
        }
    }

    /// <summary>
    /// Adds the item once the delay has passed on the queue's clock (at once when the delay is not positive). An
    /// item already waiting keeps the sooner of its two ready times.
    /// </summary>
    public void AddAfter(T item, TimeSpan delay)
    {
        lock (gate)
        {
            if (shuttingDown)
            {
                return;
            }

            if (delay <= TimeSpan.Zero)
            {
                AddLocked(item);
                return;
            }

            var now = Now();
            var ready = now + delay;
            if (readyAt.TryGetValue(item, out var current) && current <= ready)
            {
                return;
            }

            readyAt[item] = ready;
            waiting.Enqueue(item, ready);
            ArmTimerLocked(now);
        }
    }

    /// <summary>Adds the item after the rate limiter's wait for it (a backoff that grows with its failures).</summary>
    public void AddRateLimited(T item) => AddAfter(item, rateLimiter.When(item));

    /// <summary>Clears the item's failure history in the rate limiter; it still needs <see cref="Done"/>.</summary>
    public void Forget(T item) => rateLimiter.Forget(item);

    /// <summary>How many times the item has been re-added through <see cref="AddRateLimited"/> since it was forgotten.</summary>
    public int NumRequeues(T item) => rateLimiter.NumRequeues(item);

    private TimeSpan Now() => timeProvider.GetElapsedTime(origin);

    private void OnTimer()
    {
        lock (gate)
        {
            if (shuttingDown)
            {
                return;
            }

            timerDue = TimeSpan.MaxValue;
            var now = Now();
            while (waiting.TryPeek(out var item, out var ready))
            {
                var isCurrent = readyAt.TryGetValue(item, out var current) && current == ready;
                if (isCurrent && ready > now)
                {
                    break;
                }

                waiting.Dequeue();
                if (isCurrent)
                {
                    readyAt.Remove(item);
                    AddLocked(item);
                }
            }

            ArmTimerLocked(now);
        }
    }

    private void ArmTimerLocked(TimeSpan now)
    {
        if (!waiting.TryPeek(out _, out var next) || next >= timerDue)
        {
            return;
        }

        // Rounded up to whole milliseconds, at least one: the system timer truncates to milliseconds, and a timer
        // firing before the item is ready would re-arm for the sub-millisecond rest, i.e. for zero, again and again.
        var remaining = next - now;
        var milliseconds = Math.Max(1, (remaining.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond);
        var due = TimeSpan.FromMilliseconds(milliseconds);
        if (due > MaxTimerDue)
        {
            due = MaxTimerDue;
        }

        timerDue = now + due;
        timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private void StopDelaysLocked()
    {
        timer.Dispose();
        waiting.Clear();
        readyAt.Clear();
    }
}
