namespace Skiff.Client.Expectations;

/// <summary>
/// What each controller (by key) still expects to see from its informers after its own creates and deletes, so that
/// it does not act on a cache that has not caught up yet (upstream's ControllerExpectations).
/// </summary>
/// <remarks>
/// A controller sets expectations before it writes, lowers them as it observes the results (or as writes fail),
/// and syncs only while <see cref="SatisfiedExpectations"/> holds. Expectations that are never met expire after
/// <see cref="ExpectationsTimeout"/>, so a lost watch event cannot put a controller to sleep forever.
/// </remarks>
public sealed class ControllerExpectations(TimeProvider timeProvider)
{
    /// <summary>How long unmet expectations hold a controller back (upstream's ExpectationsTimeout).</summary>
    public static readonly TimeSpan ExpectationsTimeout = TimeSpan.FromMinutes(5);

    private readonly Lock gate = new();
    private readonly Dictionary<string, Record> records = [];

    /// <summary>
    /// True when the controller may sync: it has no expectations, they are met (both counts at or below zero), or
    /// they were set more than <see cref="ExpectationsTimeout"/> ago.
    /// </summary>
    public bool SatisfiedExpectations(string controllerKey)
    {
        lock (gate)
        {
            if (!records.TryGetValue(controllerKey, out var record))
            {
                // A new controller, or one whose expectations were deleted: nothing to wait for.
                return true;
            }

            return (record.Adds <= 0 && record.Deletes <= 0)
                || timeProvider.GetElapsedTime(record.SetAt) > ExpectationsTimeout;
        }
    }

    /// <summary>The outstanding counts, when the controller has expectations.</summary>
    public bool TryGetExpectations(string controllerKey, out long adds, out long deletes)
    {
        lock (gate)
        {
            if (records.TryGetValue(controllerKey, out var record))
            {
                adds = record.Adds;
                deletes = record.Deletes;
                return true;
            }

            adds = 0;
            deletes = 0;
            return false;
        }
    }

    /// <summary>Replaces the controller's expectations with these counts, timed from now.</summary>
    public void SetExpectations(string controllerKey, int adds, int deletes)
    {
        lock (gate)
        {
            records[controllerKey] = new Record { Adds = adds, Deletes = deletes, SetAt = timeProvider.GetTimestamp() };
        }
    }

    public void ExpectCreations(string controllerKey, int adds) => SetExpectations(controllerKey, adds, 0);

    public void ExpectDeletions(string controllerKey, int deletes) => SetExpectations(controllerKey, 0, deletes);

    /// <summary>One expected creation was seen (or will never happen because the create failed).</summary>
    public void CreationObserved(string controllerKey) => LowerExpectations(controllerKey, 1, 0);

    /// <summary>One expected deletion was seen (or will never happen because the delete failed).</summary>
    public void DeletionObserved(string controllerKey) => LowerExpectations(controllerKey, 0, 1);

    /// <summary>Lowers existing expectations; does nothing when the controller has none.</summary>
    public void LowerExpectations(string controllerKey, int adds, int deletes) => Change(controllerKey, -adds, -deletes);

    /// <summary>Raises existing expectations, keeping their start time; does nothing when the controller has none.</summary>
    public void RaiseExpectations(string controllerKey, int adds, int deletes) => Change(controllerKey, adds, deletes);

    /// <summary>Forgets the controller's expectations, e.g. when the controller object itself is deleted.</summary>
    public void DeleteExpectations(string controllerKey)
    {
        lock (gate)
        {
            records.Remove(controllerKey);
        }
    }

    private void Change(string controllerKey, int adds, int deletes)
    {
        lock (gate)
        {
            if (records.TryGetValue(controllerKey, out var record))
            {
                record.Adds += adds;
                record.Deletes += deletes;
            }
        }
    }

    private sealed class Record
    {
        public long Adds { get; set; }

        public long Deletes { get; set; }

        public long SetAt { get; init; }
    }
}
