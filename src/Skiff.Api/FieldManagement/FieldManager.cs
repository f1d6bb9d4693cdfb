using System.Text.Json.Nodes;

namespace Skiff.Api.FieldManagement;

/// <summary>
/// Upstream's field manager for one kind and endpoint: records which manager owns which fields on every write
/// (<see cref="Update"/>) and merges applied configurations with conflict detection and pruning (<see cref="Apply"/>),
/// following k8s.io/apimachinery's managedfields and structured-merge-diff's merge.Updater.
/// </summary>
/// <param name="schema">The kind's schema.</param>
/// <param name="apiVersion">The version the request speaks, recorded in the entries.</param>
/// <param name="subresource">"status", "scale" or null for the object itself.</param>
/// <param name="hasStatusSubresource">Whether status belongs to its own endpoint (then the main endpoint does not own it).</param>
public sealed class FieldManager(FieldSchema schema, string apiVersion, string? subresource, bool hasStatusSubresource)
{
    /// <summary>Update managers kept apart; older ones are merged into "ancient-changes" (upstream's DefaultMaxUpdateManagers).</summary>
    public const int MaxUpdateManagers = 10;

    public const string AncientChanges = "ancient-changes";

    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>The manager name kubectl apply --server-side uses; its applies reconcile with client-side apply.</summary>
    public const string KubectlManager = "kubectl";

    private static readonly PathElement Status = PathElement.Field("status");

    /// <summary>
    /// Ownership after a create, update or patch: the manager takes every field the write added or changed (from
    /// everyone else), and removed fields leave every set. Example: a merge patch by "updater" that changes
    /// data.key, owned by an applier, moves data.key to "updater"'s Update entry.
    /// </summary>
    public ManagedFieldSets Update(JsonObject live, JsonObject updated, ManagedFieldSets managed, string manager, DateTime now)
    {
        var comparison = Filter(TreeComparer.Compare(live, updated, schema));
        var result = managed.Copy();
        var changed = FieldSet.Union(comparison.Modified, comparison.Added);
        foreach (var (id, owned) in managed.Entries)
        {
            result[id] = owned with { Set = FieldSet.Difference(FieldSet.Difference(owned.Set, changed), comparison.Removed) };
        }

        var taken = FieldSet.Difference(changed, comparison.Removed);
        if (!taken.IsEmpty)
        {
            var id = ManagerIdentity.ForUpdate(manager, apiVersion, subresource);
            var previous = result[id]?.Set ?? new FieldSet();
            result[id] = new VersionedFieldSet(FieldSet.Union(taken, previous), apiVersion, now);
        }

        CapUpdateManagers(result);
        return result;
    }

    /// <summary>
    /// What a create owns, read from the serialized object: the same set <see cref="Update"/> gives against the
    /// kind's zero object when the request carries no managedFields, computed in one pass over the bytes.
    /// </summary>
    public FieldSet CreatedFields(System.Text.Json.JsonElement obj) => Filter(CreatedFieldSet.Of(obj, schema));

    /// <summary>
    /// Merges <paramref name="config"/> into <paramref name="live"/> for <paramref name="manager"/>: its entry becomes
    /// exactly the configuration's fields; fields it applied before and leaves out now are removed unless another
    /// manager owns them; a field it changes that another manager owns is a conflict unless <paramref name="force"/>
    /// (then the field moves to it). kubectl's own manager also passes conflicts on fields its client-side
    /// last-applied-configuration set to the live values, and keeps that annotation in step.
    /// </summary>
    public ApplyOutcome Apply(JsonObject live, JsonObject config, ManagedFieldSets managed, string manager, bool force, DateTime now)
    {
        ApplyOutcome outcome;
        try
        {
            outcome = ApplyOnce(live, config, managed, manager, force, now);
        }
        catch (ApplyConflictException e) when (manager == KubectlManager && AllowedByLastApplied(live) is { } allowed)
        {
            var remaining = e.Conflicts.Where(c => !allowed.Has(c.Path)).ToList();
            if (remaining.Count > 0)
            {
                throw new ApplyConflictException(remaining);
            }

            outcome = ApplyOnce(live, config, managed, manager, force: true, now);
        }

        if (manager == KubectlManager && LastApplied(live) is { Length: > 0 })
        {
            var applied = (JsonObject)config.DeepClone();
            if (applied["metadata"]?["annotations"] is JsonObject annotations)
            {
                annotations.Remove(LastAppliedAnnotation);
                if (annotations.Count == 0)
                {
                    ((JsonObject)applied["metadata"]!).Remove("annotations");
                }
            }

            var value = GoJson.Encode(applied);
            if (outcome.Merged["metadata"] is JsonObject metadata && metadata["annotations"] is JsonObject current
                && current[LastAppliedAnnotation]?.GetValue<string>() != value)
            {
                current[LastAppliedAnnotation] = value;
                outcome = outcome with { Changed = true };
            }
        }

        return outcome;
    }

    private ApplyOutcome ApplyOnce(JsonObject live, JsonObject config, ManagedFieldSets managed, string manager, bool force, DateTime now)
    {
        var merged = TreeMerger.Merge(live, config, schema);
        var id = ManagerIdentity.ForApply(manager, subresource);
        var previous = managed[id];
        var set = Filter(AppliedFieldSet.Of(config, schema));
        var result = managed.Copy();
        result[id] = new VersionedFieldSet(set, apiVersion, previous?.Time);
        if (previous is not null && !previous.Set.IsEmpty)
        {
            Prune(merged, result, previous.Set);
        }

        var comparison = Filter(TreeComparer.Compare(live, merged, schema));
        var changed = FieldSet.Union(comparison.Modified, comparison.Added);
        var conflicts = new List<FieldConflict>();
        foreach (var (other, owned) in managed.Entries)
        {
            if (other == id)
            {
                continue;
            }

            var conflicting = FieldSet.Intersection(owned.Set, changed);
            if (!conflicting.IsEmpty)
            {
                conflicts.AddRange(conflicting.Paths().Select(p => new FieldConflict(other, p)));
            }

            result[other] = owned with { Set = FieldSet.Difference(FieldSet.Difference(owned.Set, conflicting), comparison.Removed) };
        }

        if (conflicts.Count > 0 && !force)
        {
            throw new ApplyConflictException(
                [.. conflicts.OrderBy(c => c.Manager.Describe(), StringComparer.Ordinal)]);
        }

        // Upstream stamps every apply, then puts the old times back when the object did not change
        // (IgnoreManagedFieldsTimestampsTransformer), so that repeating an apply writes nothing.
        var sameFields = previous is not null && FieldSet.SetEquals(previous.Set, set) && previous.ApiVersion == apiVersion;
        var objectChanged = !comparison.IsSame;
        if (objectChanged || !sameFields)
        {
            result[id] = result[id] is { } mine ? mine with { Time = now } : null;
        }

        return new ApplyOutcome(merged, result, objectChanged);
    }

    /// <summary>
    /// Removes what the applier owned last time and no manager (the applier's new configuration included) owns now
    /// (upstream's prune with addBackOwnedItems and addBackDanglingItems).
    /// </summary>
    private void Prune(JsonObject merged, ManagedFieldSets managed, FieldSet lastSet)
    {
        var owned = new FieldSet();
        foreach (var (_, entry) in managed.Entries)
        {
            owned = FieldSet.Union(owned, entry.Set);
        }

        var removal = FieldSet.Difference(lastSet.EnsureNamedFieldsAreMembers(schema), owned.EnsureNamedFieldsAreMembers(schema));
        if (!removal.IsEmpty)
        {
            TreeRemover.RemoveItems(merged, removal, schema);
        }
    }

    /// <summary>
    /// The fields kubectl's client-side last-applied-configuration sets to what the object holds now: an apply by
    /// "kubectl" may take those over from other managers (upstream's lastAppliedManager).
    /// </summary>
    private FieldSet? AllowedByLastApplied(JsonObject live)
    {
        if (LastApplied(live) is not { Length: > 0 } text)
        {
            return null;
        }

        JsonObject? lastApplied;
        try
        {
            lastApplied = JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }

        if (lastApplied is null || lastApplied["apiVersion"]?.GetValue<string>() != apiVersion)
        {
            return null;
        }

        var comparison = TreeComparer.Compare(lastApplied, live, schema);
        var set = AppliedFieldSet.Of(lastApplied, schema);
        return FieldSet.Difference(FieldSet.Difference(FieldSet.Difference(set, comparison.Modified), comparison.Added), comparison.Removed);
    }

    private static string? LastApplied(JsonObject obj) =>
        obj["metadata"]?["annotations"]?[LastAppliedAnnotation] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>
    /// Status belongs to the status endpoint where the kind has one (upstream's reset fields): the main endpoint
    /// never owns it, and the status endpoint owns nothing else.
    /// </summary>
    private FieldSet Filter(FieldSet set)
    {
        if (subresource == "status")
        {
            var result = new FieldSet();
            if (set.Find(Status) is { } status)
            {
                result.Attach(Status, status);
            }

            return result;
        }

        if (hasStatusSubresource && set.Find(Status) is not null)
        {
            var result = new FieldSet();
            foreach (var (element, child) in set.Children)
            {
                if (!element.Equals(Status))
                {
                    result.Attach(element, child);
                }
            }

            return result;
        }

        return set;
    }

    private Comparison Filter(Comparison comparison) =>
        new(Filter(comparison.Added), Filter(comparison.Modified), Filter(comparison.Removed));

    /// <summary>
    /// Keeps at most <see cref="MaxUpdateManagers"/> Update entries: the oldest are merged, per apiVersion, into an
    /// "ancient-changes" entry that takes the time of the latest entry merged into it (upstream's capManagersManager).
    /// </summary>
    private static void CapUpdateManagers(ManagedFieldSets managed)
    {
        var updaters = managed.Entries.Where(e => !e.Key.IsApply).Select(e => e.Key).ToList();
        if (updaters.Count <= MaxUpdateManagers)
        {
            return;
        }

        updaters.Sort((a, b) =>
        {
            var byTime = Seconds(managed[a]!.Time).CompareTo(Seconds(managed[b]!.Time));
            return byTime != 0 ? byTime : string.CompareOrdinal(IdentityText(a), IdentityText(b));
        });
        var firstOfVersion = new Dictionary<string, ManagerIdentity>(StringComparer.Ordinal);
        var length = updaters.Count;
        for (var i = 0; i < updaters.Count && length > MaxUpdateManagers; i++)
        {
            var id = updaters[i];
            var entry = managed[id]!;
            var bucket = ManagerIdentity.ForUpdate(AncientChanges, entry.ApiVersion, null);
            if (!firstOfVersion.TryGetValue(entry.ApiVersion, out var first))
            {
                firstOfVersion[entry.ApiVersion] = id;
                continue;
            }

            if (managed[bucket] is null && managed[first] is { } firstEntry)
            {
                managed[first] = null;
                managed[bucket] = firstEntry;
            }

            managed[bucket] = new VersionedFieldSet(FieldSet.Union(entry.Set, managed[bucket]?.Set ?? new FieldSet()), entry.ApiVersion, entry.Time);
            managed[id] = null;
            length--;
        }
    }

    private static long Seconds(DateTime? time) => time is { } t ? t.Ticks / TimeSpan.TicksPerSecond : 0;

    // Upstream sorts equal times by the JSON identifier, which starts with the manager name.
    private static string IdentityText(ManagerIdentity id) => $"{id.Manager}\u0000{id.Operation}\u0000{id.ApiVersion}\u0000{id.Subresource}";
}
