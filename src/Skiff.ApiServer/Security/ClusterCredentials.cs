using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Skiff.ApiServer.Security;

/// <summary>
/// The cluster's CA, the API server's serving certificate (SANs for the addresses clients use) and the bearer
/// token, created in the data directory at first start and reused afterwards.
/// </summary>
public sealed class ClusterCredentials
{
    private ClusterCredentials(X509Certificate2 ca, X509Certificate2 serving, string token, string caPem)
    {
        CertificateAuthority = ca;
        ServingCertificate = serving;
        Token = token;
        CaPem = caPem;
    }

    public X509Certificate2 CertificateAuthority { get; }

    public X509Certificate2 ServingCertificate { get; }

    public string Token { get; }

    /// <summary>The CA certificate in PEM, as kubeconfig's certificate-authority-data carries it (base64 of this).</summary>
    public string CaPem { get; }

    public static ClusterCredentials LoadOrCreate(string dataDir, IEnumerable<string> extraSans)
    {
        var pki = Path.Combine(dataDir, "pki");
        Directory.CreateDirectory(pki);
        var caCert = Path.Combine(pki, "ca.crt");
        var caKey = Path.Combine(pki, "ca.key");
        var serverCert = Path.Combine(pki, "apiserver.crt");
        var serverKey = Path.Combine(pki, "apiserver.key");
        var tokenFile = Path.Combine(pki, "token");

        if (!File.Exists(caCert) || !File.Exists(caKey))
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=skiff-ca", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
            using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
            WritePrivate(caCert, ca.ExportCertificatePem());
            WritePrivate(caKey, key.ExportPkcs8PrivateKeyPem());
            File.Delete(serverCert);
        }

        var caCertificate = X509Certificate2.CreateFromPemFile(caCert, caKey);
        var sans = new SortedSet<string>(["127.0.0.1", "localhost", "::1", .. extraSans], StringComparer.Ordinal);
        var sanMarker = Path.Combine(pki, "apiserver.sans");
        var wanted = string.Join(",", sans);
        if (!File.Exists(serverCert) || !File.Exists(serverKey) || !File.Exists(sanMarker) || File.ReadAllText(sanMarker) != wanted)
        {
            IssueServingCertificate(caCertificate, sans, serverCert, serverKey);
            WritePrivate(sanMarker, wanted);
        }

        if (!File.Exists(tokenFile))
        {
            WritePrivate(tokenFile, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        }

        // Kestrel on Linux needs the key in an exportable, non-ephemeral form: round-trip through PKCS#12.
        using var pem = X509Certificate2.CreateFromPemFile(serverCert, serverKey);
        var serving = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        return new ClusterCredentials(caCertificate, serving, File.ReadAllText(tokenFile).Trim(), File.ReadAllText(caCert));
    }

    private static void IssueServingCertificate(X509Certificate2 ca, IEnumerable<string> sans, string certPath, string keyPath)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=skiff-apiserver", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in sans)
        {
            if (IPAddress.TryParse(name, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        san.AddDnsName("kubernetes");
        san.AddDnsName("kubernetes.default");
        san.AddDnsName("kubernetes.default.svc");
        san.AddIpAddress(IPAddress.Parse(Registry.ServiceAddressAllocator.KubernetesServiceIp));
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var cert = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5), serial);
        WritePrivate(certPath, cert.ExportCertificatePem());
        WritePrivate(keyPath, key.ExportPkcs8PrivateKeyPem());
    }

    private static void WritePrivate(string path, string content)
    {
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
