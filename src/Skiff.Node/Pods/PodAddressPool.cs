using Skiff.Node.Registration;

namespace Skiff.Node.Pods;

/// <summary>
/// Hands out pod IPs from one node's /24 (.2 to .254), one per pod uid, and takes them back when the pod is gone.
/// A pod asking again gets the address it already has, so a status written twice shows the same IP.
/// </summary>
public sealed class PodAddressPool(string podCidr)
{
    private const int FirstHost = 2;
    private const int LastHost = 254;

    private readonly Lock gate = new();
    private readonly Dictionary<string, int> byUid = new(StringComparer.Ordinal);
    private readonly SortedSet<int> free = [.. Enumerable.Range(FirstHost, LastHost - FirstHost + 1)];

    /// <summary>The pod's address; when the /24 is used up, addresses are shared (the node's pod limit, 110 by default, avoids that).</summary>
    public string Allocate(string uid)
    {
        lock (gate)
        {
            if (!byUid.TryGetValue(uid, out var host))
            {
                host = free.Count > 0 ? free.Min : FirstHost + (int)((uint)StringComparer.Ordinal.GetHashCode(uid) % (LastHost - FirstHost + 1));
                free.Remove(host);
                byUid[uid] = host;
            }

            return NodeAddressing.PodIP(podCidr, host);
        }
    }

    /// <summary>Records an address a pod already has (after a restart of the simulator), so it is not handed out twice.</summary>
    public void Claim(string uid, string ip)
    {
        var prefix = podCidr[..podCidr.LastIndexOf(".0/24", StringComparison.Ordinal)] + ".";
        if (!ip.StartsWith(prefix, StringComparison.Ordinal) || !int.TryParse(ip.AsSpan(prefix.Length), out var host))
        {
            return;
        }

        lock (gate)
        {
            if (byUid.TryAdd(uid, host))
            {
                free.Remove(host);
            }
        }
    }

    public void Release(string uid)
    {
        lock (gate)
        {
            if (byUid.Remove(uid, out var host) && !byUid.ContainsValue(host))
            {
                free.Add(host);
            }
        }
    }

    public int InUse
    {
        get
        {
            lock (gate)
            {
                return byUid.Count;
            }
        }
    }
}
