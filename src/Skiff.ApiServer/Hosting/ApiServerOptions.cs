using System.Net;

namespace Skiff.ApiServer.Hosting;

/// <summary>Where the API server listens and keeps its credentials.</summary>
public sealed record ApiServerOptions(IPEndPoint Listen, string DataDir);
