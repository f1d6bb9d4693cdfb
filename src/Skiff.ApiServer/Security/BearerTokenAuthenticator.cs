using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Skiff.ApiServer.Security;

/// <summary>Accepts requests that carry the cluster's bearer token; health and version paths are public as upstream.</summary>
public sealed class BearerTokenAuthenticator(string token)
{
    /// <summary>Who the cluster token authenticates as: the kubeconfig's user, named in audit lines.</summary>
    public const string UserName = "skiff-admin";

    private readonly byte[] expected = Encoding.UTF8.GetBytes("Bearer " + token);

    public static bool IsPublicPath(PathString path) =>
        path == "/healthz" || path == "/livez" || path == "/readyz" || path == "/version"
        || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/livez") || path.StartsWithSegments("/readyz");

    public bool IsAuthenticated(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var given = Encoding.UTF8.GetBytes(header);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
