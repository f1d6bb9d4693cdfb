using System.Net;

namespace Skiff.ApiServer.Hosting;

/// <summary>Where the API server listens and keeps its credentials, and the clock it runs on.</summary>
public sealed record ApiServerOptions(IPEndPoint Listen, string DataDir)
{
    /// <summary>Object timestamps, table ages, watch timeouts, bookmarks and compaction follow this clock; tests pass a fake one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
