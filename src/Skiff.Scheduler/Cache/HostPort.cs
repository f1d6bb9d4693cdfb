namespace Skiff.Scheduler.Cache;

/// <summary>A host port a container binds: address ("0.0.0.0" for all), protocol (TCP when unset) and port.</summary>
public readonly record struct HostPort(string Ip, string Protocol, int Port)
{
    public const string AllAddresses = "0.0.0.0";

    public static HostPort Of(string? ip, string? protocol, int port) =>
        new(string.IsNullOrEmpty(ip) ? AllAddresses : ip, string.IsNullOrEmpty(protocol) ? "TCP" : protocol, port);
}
