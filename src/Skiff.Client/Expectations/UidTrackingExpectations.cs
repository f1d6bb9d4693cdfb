namespace Skiff.Client.Expectations;

/// <summary>
/// Controller expectations that remember which pods (by "namespace/name" key) a controller is deleting, so that
/// each pod's deletion counts once even when it is observed twice: first as an update setting its
/// deletionTimestamp, then as the delete itself (upstream's UIDTrackingControllerExpectations).
/// </summary>
public sealed class UidTrackingExpectations(TimeProvider timeProvider)
{
    private readonly Lock gate = new();
    private readonly ControllerExpectations expectations = new(timeProvider);
    private readonly Dictionary<string, HashSet<string>> expectedDeletions = [];

    /// <inheritdoc cref="ControllerExpectations.SatisfiedExpectations"/>
    public bool SatisfiedExpectations(string controllerKey) => expectations.SatisfiedExpectations(controllerKey);

    /// <inheritdoc cref="ControllerExpectations.TryGetExpectations"/>
    public bool TryGetExpectations(string controllerKey, out long adds, out long deletes) =>
        expectations.TryGetExpectations(controllerKey, out adds, out deletes);

    /// <summary>The pod keys whose deletion the controller still waits for (empty when none).</summary>
    public IReadOnlySet<string> ExpectedDeletions(string controllerKey)
    {
        lock (gate)
        {
            return expectedDeletions.TryGetValue(controllerKey, out var keys) ? new HashSet<string>(keys) : new HashSet<string>();
        }
    }

    public void ExpectCreations(string controllerKey, int adds) => expectations.ExpectCreations(controllerKey, adds);

    /// <inheritdoc cref="ControllerExpectations.CreationObserved"/>
    public void CreationObserved(string controllerKey) => expectations.CreationObserved(controllerKey);

    /// <inheritdoc cref="ControllerExpectations.LowerExpectations"/>
    public void LowerExpectations(string controllerKey, int adds, int deletes) => expectations.LowerExpectations(controllerKey, adds, deletes);

    /// <inheritdoc cref="ControllerExpectations.RaiseExpectations"/>
    public void RaiseExpectations(string controllerKey, int adds, int deletes) => expectations.RaiseExpectations(controllerKey, adds, deletes);

    /// <summary>Expects the deletion of exactly these pods, replacing any earlier expectations of the controller.</summary>
    public void ExpectDeletions(string controllerKey, IEnumerable<string> podKeys)
    {
        lock (gate)
        {
            var keys = new HashSet<string>(podKeys, StringComparer.Ordinal);
            expectedDeletions[controllerKey] = keys;
            expectations.ExpectDeletions(controllerKey, keys.Count);
        }
    }

    /// <summary>Counts the pod's deletion if it is one the controller expects and it was not counted before.</summary>
    public void DeletionObserved(string controllerKey, string podKey)
    {
        lock (gate)
        {
            if (expectedDeletions.TryGetValue(controllerKey, out var keys) && keys.Remove(podKey))
            {
                expectations.DeletionObserved(controllerKey);
            }
        }
    }

    /// <summary>Forgets the controller's expectations and the pods it was deleting.</summary>
    public void DeleteExpectations(string controllerKey)
    {
        lock (gate)
        {
            expectations.DeleteExpectations(controllerKey);
            expectedDeletions.Remove(controllerKey);
        }
    }
}
