using System.Text;

namespace Skiff;

/// <summary>Writes the kubeconfig kubectl uses: the server, the CA and the bearer token, atomically (temp file + rename).</summary>
public static class KubeconfigFile
{
    public static void Write(string path, string server, string caPem, string token)
    {
        var ca = Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem));
        var yaml = $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: skiff
              cluster:
                server: {server}
                certificate-authority-data: {ca}
            users:
            - name: skiff-admin
              user:
                token: {token}
            contexts:
            - name: skiff
              context:
                cluster: skiff
                user: skiff-admin
                namespace: default
            current-context: skiff
            preferences: {"{}"}

            """;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        File.WriteAllText(temp, yaml);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
    }
}
