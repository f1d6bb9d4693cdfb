namespace Skiff.Client.WorkQueues;

/// <summary>
/// A controller's queue of keys, with client-go's guarantees: adding an item that is already waiting does nothing,
/// an item is never handed to two workers at once (added again while a worker holds it, it is handed out once
/// more after <see cref="Done"/>), and items can be added after a delay or after a rate limiter's backoff.
/// </summary>
/// <remarks>
/// A worker loops: <see cref="GetAsync"/>, process, then <see cref="Forget"/> on success or
/// <see cref="AddRateLimited"/> on failure, and always <see cref="Done"/> (see <see cref="QueueWorkers"/>).
/// </remarks>
public sealed partial class WorkQueue<T> : IDisposable
    where T : notnull
{
    private readonly Lock gate = new();

    // The order of work. Every item here is also in dirty and not in processing.
    private readonly Queue<T> queue = new();

    // Items that need processing: waiting in the queue, or added again while a worker holds them.
    private readonly HashSet<T> dirty = [];

    // Items handed to a worker and not yet Done.
    private readonly HashSet<T> processing = [];

    // Workers parked in GetAsync, served in arrival order. Only non-empty while the queue is empty.
    private readonly LinkedList<TaskCompletionSource<(T Item, bool ShutDown)>> getters = new();

    private readonly IRateLimiter<T> rateLimiter;
    private bool shuttingDown;
    private TaskCompletionSource? drained;

    /// <summary>A queue with <see cref="DefaultControllerRateLimiter{T}"/>.</summary>
    public WorkQueue(string name, TimeProvider timeProvider)
        : this(name, new DefaultControllerRateLimiter<T>(timeProvider), timeProvider)
    {
    }

    public WorkQueue(string name, IRateLimiter<T> rateLimiter, TimeProvider timeProvider)
    {
        Name = name;
        this.rateLimiter = rateLimiter;
        this.timeProvider = timeProvider;
        origin = timeProvider.GetTimestamp();
        timer = timeProvider.CreateTimer(static state => ((WorkQueue<T>)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The queue's name, the <c>name</c> label of upstream's workqueue_* metrics.</summary>
    public string Name { get; }

    /// <summary>Items waiting to be handed out (upstream's workqueue_depth): neither delayed items nor those being processed.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return queue.Count;
            }
        }
    }

    public bool IsShuttingDown
    {
        get
        {
            lock (gate)
            {
                return shuttingDown;
            }
        }
    }

    /// <summary>Marks the item as needing processing; ignored once the queue is shutting down.</summary>
    public void Add(T item)
    {
        lock (gate)
        {
            AddLocked(item);
        }
    }

    /// <summary>
    /// Waits for the next item and marks it as being processed; the caller must call <see cref="Done"/> with it.
    /// Returns <c>ShutDown = true</c> (and no item) once the queue is shutting down and has nothing left to hand out.
    /// </summary>
    public async ValueTask<(T Item, bool ShutDown)> GetAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        LinkedListNode<TaskCompletionSource<(T Item, bool ShutDown)>> node;
        lock (gate)
        {
            if (queue.TryDequeue(out var item))
            {
                dirty.Remove(item);
                processing.Add(item);
                return (item, false);
            }

            if (shuttingDown)
            {
                return (default!, true);
            }

            node = getters.AddLast(new TaskCompletionSource<(T Item, bool ShutDown)>(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        // Registered outside the lock: a token cancelled meanwhile runs the callback right here, and it takes the lock.
        using var registration = cancellationToken.Register(() => CancelGetter(node, cancellationToken));
        return await node.Value.Task;
    }

    /// <summary>Ends the processing of an item; if it was added again meanwhile, it goes back into the queue.</summary>
    public void Done(T item)
    {
        lock (gate)
        {
            processing.Remove(item);
            if (dirty.Contains(item))
            {
                EnqueueLocked(item);
            }

            if (processing.Count == 0)
            {
                drained?.TrySetResult();
            }
        }
    }

    /// <summary>
    /// Stops accepting items and drops delayed ones. Workers still get what is already queued, then are told to
    /// exit; a pending <see cref="ShutDownWithDrainAsync"/> stops waiting.
    /// </summary>
    public void ShutDown()
    {
        lock (gate)
        {
            ShutDownLocked();
            drained?.TrySetResult();
            drained = null;
        }
    }

    /// <summary>As <see cref="ShutDown"/>, then waits until every item handed to a worker is <see cref="Done"/>.</summary>
    public Task ShutDownWithDrainAsync(CancellationToken cancellationToken)
    {
        Task wait;
        lock (gate)
        {
            ShutDownLocked();
            if (processing.Count == 0)
            {
                return Task.CompletedTask;
            }

            drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = drained.Task;
        }

        return wait.WaitAsync(cancellationToken);
    }

    public void Dispose() => ShutDown();

    private void AddLocked(T item)
    {
        if (shuttingDown || !dirty.Add(item))
        {
            return;
        }

        // A worker holds it: Done puts it back, so that no second worker gets it meanwhile.
        if (!processing.Contains(item))
        {
            EnqueueLocked(item);
        }
    }

    // Hands a dirty item straight to the longest-parked worker, or queues it when none is parked.
    private void EnqueueLocked(T item)
    {
        if (getters.First is { } getter)
        {
            getters.RemoveFirst();
            dirty.Remove(item);
            processing.Add(item);
            getter.Value.SetResult((item, false));
            return;
        }

        queue.Enqueue(item);
    }

    private void CancelGetter(LinkedListNode<TaskCompletionSource<(T Item, bool ShutDown)>> node, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            // Already served (or released by shutdown): the item is the caller's now, so the result stands.
            if (node.List is null)
            {
                return;
            }

            getters.Remove(node);
            node.Value.SetCanceled(cancellationToken);
        }
    }

    private void ShutDownLocked()
    {
        if (!shuttingDown)
        {
            shuttingDown = true;
            StopDelaysLocked();
        }

        // Parked workers exist only while the queue is empty, so there is nothing left to hand them.
        while (getters.First is { } getter)
        {
            getters.RemoveFirst();
            getter.Value.SetResult((default!, true));
        }
    }
}
