namespace Skiff.Scheduler.Cache;

/// <summary>
/// The host ports in use on a node, as upstream's HostPortInfo: a port bound on 0.0.0.0 conflicts with the same
/// protocol and port on any address, one bound on a specific address conflicts with that address and with 0.0.0.0.
/// </summary>
public sealed class HostPortSet
{
    private readonly Dictionary<string, HashSet<(string Protocol, int Port)>> byAddress = new(StringComparer.Ordinal);

    public int Count => byAddress.Values.Sum(ports => ports.Count);

    public void Add(HostPort port)
    {
        if (!byAddress.TryGetValue(port.Ip, out var ports))
        {
            ports = [];
            byAddress[port.Ip] = ports;
        }

        ports.Add((port.Protocol, port.Port));
    }

    public void Remove(HostPort port)
    {
        if (byAddress.TryGetValue(port.Ip, out var ports) && ports.Remove((port.Protocol, port.Port)) && ports.Count == 0)
        {
            byAddress.Remove(port.Ip);
        }
    }

    public bool Conflicts(HostPort wanted)
    {
        if (wanted.Port <= 0)
        {
            return false;
        }

        var key = (wanted.Protocol, wanted.Port);
        if (wanted.Ip == HostPort.AllAddresses)
        {
            return byAddress.Values.Any(ports => ports.Contains(key));
        }

        return (byAddress.TryGetValue(HostPort.AllAddresses, out var any) && any.Contains(key))
            || (byAddress.TryGetValue(wanted.Ip, out var same) && same.Contains(key));
    }
}
