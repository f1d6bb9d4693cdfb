using k8s.Models;

namespace Skiff.Client.Events;

/// <summary>
/// Upstream's event correlation, in the order client-go applies it: a spam filter per involved object (a token
/// bucket of 25 that refills one token every 5 minutes), then aggregation (from the 10th distinct message with the
/// same object, type and reason within 10 minutes, messages become "(combined from similar events): ..."), then
/// de-duplication (an identical event bumps count and lastTimestamp of the first one instead of making a new one).
/// </summary>
internal sealed class EventCorrelator(TimeProvider time)
{
    private const int SpamBurst = 25;
    private const int MaxSimilarMessages = 10;
    private const int MaxTrackedKeys = 4096;
    private static readonly TimeSpan SpamRefill = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan AggregationWindow = TimeSpan.FromMinutes(10);

    private readonly Lock gate = new();
    private readonly Dictionary<string, (double Tokens, DateTimeOffset Updated)> spamBuckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (HashSet<string> Messages, DateTimeOffset LastSeen)> similar = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Name, DateTime? FirstTimestamp, int Count)> seen = new(StringComparer.Ordinal);

    /// <summary>The event to write (new or a repeat with count &gt; 1), or null when the spam filter drops it.</summary>
    public Corev1Event? Correlate(Corev1Event e)
    {
        var now = time.GetUtcNow();
        var objectKey = string.Join('\u0001', e.Source.Component, e.InvolvedObject.Kind, e.InvolvedObject.NamespaceProperty,
            e.InvolvedObject.Name, e.InvolvedObject.Uid, e.InvolvedObject.ApiVersion);
        lock (gate)
        {
            TrimIfLarge();
            if (!TakeToken(objectKey, now))
            {
                return null;
            }

            var aggregateKey = string.Join('\u0001', objectKey, e.Type, e.Reason);
            var eventKey = string.Join('\u0001', aggregateKey, e.Message);
            if (!similar.TryGetValue(aggregateKey, out var group) || now - group.LastSeen > AggregationWindow)
            {
                group = (new HashSet<string>(StringComparer.Ordinal), now);
            }

            group.Messages.Add(e.Message);
            similar[aggregateKey] = (group.Messages, now);
            if (group.Messages.Count >= MaxSimilarMessages)
            {
                e.Message = "(combined from similar events): " + e.Message;
                eventKey = aggregateKey;
            }

            if (seen.TryGetValue(eventKey, out var first))
            {
                e.Metadata.Name = first.Name;
                e.FirstTimestamp = first.FirstTimestamp;
                e.Count = first.Count + 1;
            }

            seen[eventKey] = (e.Metadata.Name, e.FirstTimestamp, e.Count ?? 1);
            return e;
        }
    }

    private bool TakeToken(string key, DateTimeOffset now)
    {
        var (tokens, updated) = spamBuckets.TryGetValue(key, out var bucket) ? bucket : (SpamBurst, now);
        tokens = Math.Min(SpamBurst, tokens + ((now - updated) / SpamRefill));
        if (tokens < 1)
        {
            spamBuckets[key] = (tokens, now);
            return false;
        }

        spamBuckets[key] = (tokens - 1, now);
        return true;
    }

    /// <summary>Bounds memory like upstream's LRU caches: forget everything once too many keys are tracked.</summary>
    private void TrimIfLarge()
    {
        if (spamBuckets.Count > MaxTrackedKeys || similar.Count > MaxTrackedKeys || seen.Count > MaxTrackedKeys)
        {
            spamBuckets.Clear();
            similar.Clear();
            seen.Clear();
        }
    }
}
