using System.Net;
using System.Text.Json;
using Skiff.Storage;

namespace Skiff.ApiServer.Registry;

/// <summary>
/// Hands out cluster IPs from 10.96.0.0/12 and node ports from 30000-32767, as kube-apiserver's defaults.
/// Addresses in use are learned from stored Services on first use; an address freed by a deletion is only reused
/// after a restart, which the size of both ranges makes harmless.
/// </summary>
public sealed class ServiceAddressAllocator(IStore store)
{
    /// <summary>The first address of the range belongs to the "kubernetes" Service, as upstream.</summary>
    public const string KubernetesServiceIp = "10.96.0.1";

    private const uint RangeStart = (10u << 24) | (96u << 16); // 10.96.0.0
    private const uint RangeSize = 1u << 20;                   // a /12
    private const int NodePortMin = 30000;
    private const int NodePortMax = 32767;

    private readonly SemaphoreSlim gate = new(1, 1);
    private HashSet<string>? ips;
    private HashSet<int>? nodePorts;

    public async Task<string> AllocateClusterIpAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            await LoadAsync(ct);
            while (true)
            {
                var offset = (uint)Random.Shared.Next(2, (int)RangeSize - 1);
                var ip = new IPAddress(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(RangeStart + offset))).ToString();
                if (ips!.Add(ip))
                {
                    return ip;
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Records an address the client chose itself; false if another Service holds it.</summary>
    public async Task<bool> ClaimClusterIpAsync(string ip, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            await LoadAsync(ct);
            return ips!.Add(ip);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<int> AllocateNodePortAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            await LoadAsync(ct);
            while (true)
            {
                var port = Random.Shared.Next(NodePortMin, NodePortMax + 1);
                if (nodePorts!.Add(port))
                {
                    return port;
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (ips is not null)
        {
            return;
        }

        ips = [];
        nodePorts = [];
        var range = await store.RangeAsync("/registry/services/", null, 0, 0, ct);
        foreach (var kv in range.Items)
        {
            using var doc = JsonDocument.Parse(kv.Value);
            if (!doc.RootElement.TryGetProperty("spec", out var spec))
            {
                continue;
            }

            if (spec.TryGetProperty("clusterIP", out var ip) && ip.GetString() is { } address)
            {
                ips.Add(address);
            }

            if (spec.TryGetProperty("ports", out var ports))
            {
                foreach (var port in ports.EnumerateArray())
                {
                    if (port.TryGetProperty("nodePort", out var nodePort))
                    {
                        nodePorts.Add(nodePort.GetInt32());
                    }
                }
            }
        }
    }
}
