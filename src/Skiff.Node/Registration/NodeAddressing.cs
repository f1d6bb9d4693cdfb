using System.Globalization;
using System.Net;

namespace Skiff.Node.Registration;

/// <summary>
/// The addresses of simulated node number k (0-based, unique in the cluster): podCIDR 10.244.k.0/24 and InternalIP
/// 172.18.0.(k+2), continuing into the next octets for large clusters.
/// </summary>
public static class NodeAddressing
{
    // The /24 blocks are numbered from 10.244.0.0 in the 10.0.0.0/8 space: block n is 10.(n / 256).(n % 256).0/24.
    // Example: k = 0 is block 62464 (244·256), 10.244.0.0/24; k = 300 is block 62764, 10.245.44.0/24. Past 10.255.255.0
    // (k = 3071) the numbering wraps to 10.0.0.0/24, which leaves room for 65,536 nodes.
    private const int FirstBlock = 244 * 256;

    public static string PodCidr(int k)
    {
        var block = (FirstBlock + k) % 65536;
        return $"10.{block / 256}.{block % 256}.0/24";
    }

    /// <summary>The index k of a podCIDR made by <see cref="PodCidr"/>; null for other CIDRs.</summary>
    public static int? IndexOf(string? podCidr)
    {
        if (podCidr is null || !podCidr.EndsWith(".0/24", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = podCidr[..^5].Split('.');
        if (parts.Length != 3 || parts[0] != "10"
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var second)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var third))
        {
            return null;
        }

        return ((second * 256 + third) - FirstBlock + 65536) % 65536;
    }

    /// <summary>
    /// The node's InternalIP: 172.18.0.0 + k + 2, as a container network hands out addresses after its gateway.
    /// Example: k = 0 is 172.18.0.2, k = 300 is 172.18.1.46.
    /// </summary>
    public static string NodeIP(int k)
    {
        var offset = k + 2;
        return new IPAddress([172, 18, (byte)(offset / 256 % 256), (byte)(offset % 256)]).ToString();
    }

    /// <summary>Host number h (2..254) in the node's /24: the bridge takes .1, pods take .2 onwards.</summary>
    public static string PodIP(string podCidr, int host) => podCidr[..podCidr.LastIndexOf(".0/24", StringComparison.Ordinal)] + "." + host.ToString(CultureInfo.InvariantCulture);
}
