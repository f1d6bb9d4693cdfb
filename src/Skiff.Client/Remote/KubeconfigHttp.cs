using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using k8s;

namespace Skiff.Client.Remote;

/// <summary>An HttpClient for a kubeconfig's cluster: trusts only its CA (and the host name), sends its bearer token.</summary>
public static class KubeconfigHttp
{
    /// <param name="kubeconfigPath">The kubeconfig file.</param>
    /// <param name="product">
    /// The User-Agent's product: the API server records writes in managedFields under it (the part before '/'), so
    /// components pass the name upstream's would (kube-controller-manager, kube-scheduler, kubelet).
    /// </param>
    public static HttpClient Create(string kubeconfigPath, string product = "skiff-client")
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath);
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 64,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            SslOptions = TrustingOnly(config.SslCaCerts),
        };
        var http = new HttpClient(handler)
        {
            BaseAddress = new Uri(config.Host.TrimEnd('/') + "/"),
            DefaultRequestVersion = HttpVersion.Version11,
            Timeout = Timeout.InfiniteTimeSpan, // watches stay open; requests carry their own cancellation
        };
        if (!string.IsNullOrEmpty(config.AccessToken))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", config.AccessToken);
        }

        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        http.DefaultRequestHeaders.UserAgent.ParseAdd($"{product}/v1.32.0");
        return http;
    }

    /// <summary>TLS options that accept a server only if its certificate chains to one of these CAs and names the host.</summary>
    public static SslClientAuthenticationOptions TrustingOnly(X509Certificate2Collection? caCertificates) => new()
    {
        RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusts(certificate, errors, caCertificates),
    };

    private static bool Trusts(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection? caCertificates)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || caCertificates is null || caCertificates.Count == 0 ||
            (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(caCertificates);
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
