using Skiff.Api.Syntax;
using System.Text;
using System.Text.Json;
using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>Upstream's ConfigMap and Secret rules: key syntax, the 1 MiB size limit, per-type required keys and `immutable`.</summary>
internal static class ConfigDataValidation
{
    private const int MaxSize = 1024 * 1024;
    private const string ImmutableWhenSet = "field is immutable when `immutable` is set";

    public static void ValidateCreate(V1ConfigMap configMap, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateCreate(configMap.Metadata, namespaced: true, NameValidation.NameIsDnsSubdomain, errors);
        ValidateConfigMapData(configMap, errors);
    }

    private static void ValidateConfigMapData(V1ConfigMap configMap, List<FieldError> errors)
    {
        long totalSize = 0;
        foreach (var (key, value) in (configMap.Data ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var path = FieldPath.Key("data", key);
            errors.AddRange(NameValidation.IsConfigMapKey(key).Select(m => FieldErrors.InvalidString(path, key, m)));
            if (configMap.BinaryData?.ContainsKey(key) == true)
            {
                errors.Add(FieldErrors.InvalidString(path, key, "duplicate of key present in binaryData"));
            }
            totalSize += Encoding.UTF8.GetByteCount(value ?? "");
        }
        foreach (var (key, value) in (configMap.BinaryData ?? new Dictionary<string, byte[]>()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            errors.AddRange(NameValidation.IsConfigMapKey(key).Select(m => FieldErrors.InvalidString(FieldPath.Key("binaryData", key), key, m)));
            totalSize += value?.Length ?? 0;
        }
        if (totalSize > MaxSize)
        {
            // Upstream reports the whole object (an empty field path).
            errors.Add(FieldErrors.TooLong("", MaxSize));
        }
    }

    public static void ValidateUpdate(V1ConfigMap configMap, V1ConfigMap old, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateUpdate(configMap.Metadata, old.Metadata, errors);
        if (old.Immutable == true)
        {
            if (configMap.Immutable != true)
            {
                errors.Add(FieldErrors.Forbidden("immutable", ImmutableWhenSet));
            }
            if (!SemanticEquality.AreEqual(configMap.Data, old.Data))
            {
                errors.Add(FieldErrors.Forbidden("data", ImmutableWhenSet));
            }
            if (!SemanticEquality.AreEqual(configMap.BinaryData, old.BinaryData))
            {
                errors.Add(FieldErrors.Forbidden("binaryData", ImmutableWhenSet));
            }
        }
        ValidateConfigMapData(configMap, errors);
    }

    public static void ValidateCreate(V1Secret secret, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateCreate(secret.Metadata, namespaced: true, NameValidation.NameIsDnsSubdomain, errors);
        ValidateSecretData(secret, errors);
    }

    public static void ValidateUpdate(V1Secret secret, V1Secret old, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateUpdate(secret.Metadata, old.Metadata, errors);
        if ((secret.Type ?? "") != (old.Type ?? ""))
        {
            errors.Add(FieldErrors.InvalidString("type", secret.Type, ObjectMetaValidation.ImmutableMessage));
        }
        if (old.Immutable == true)
        {
            if (secret.Immutable != true)
            {
                errors.Add(FieldErrors.Forbidden("immutable", ImmutableWhenSet));
            }
            if (!SemanticEquality.AreEqual(secret.Data, old.Data))
            {
                errors.Add(FieldErrors.Forbidden("data", ImmutableWhenSet));
            }
        }
        ValidateSecretData(secret, errors);
    }

    private static void ValidateSecretData(V1Secret secret, List<FieldError> errors)
    {
        var data = secret.Data ?? new Dictionary<string, byte[]>();
        long totalSize = 0;
        foreach (var (key, value) in data.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            errors.AddRange(NameValidation.IsConfigMapKey(key).Select(m => FieldErrors.InvalidString(FieldPath.Key("data", key), key, m)));
            totalSize += value?.Length ?? 0;
        }
        if (totalSize > MaxSize)
        {
            errors.Add(FieldErrors.TooLong("data", MaxSize));
        }

        switch (secret.Type)
        {
            case "kubernetes.io/service-account-token":
                if (secret.Metadata?.Annotations is not { } annotations || !annotations.TryGetValue("kubernetes.io/service-account.name", out var account) || string.IsNullOrEmpty(account))
                {
                    errors.Add(FieldErrors.Required("metadata.annotations[kubernetes.io/service-account.name]"));
                }
                break;
            case "kubernetes.io/dockercfg":
                ValidateJsonKey(data, ".dockercfg", errors);
                break;
            case "kubernetes.io/dockerconfigjson":
                ValidateJsonKey(data, ".dockerconfigjson", errors);
                break;
            case "kubernetes.io/basic-auth":
                if (!data.ContainsKey("username") && !data.ContainsKey("password"))
                {
                    errors.Add(FieldErrors.Required("data[username]"));
                    errors.Add(FieldErrors.Required("data[password]"));
                }
                break;
            case "kubernetes.io/ssh-auth":
                if (!data.TryGetValue("ssh-privatekey", out var privateKey) || privateKey is null || privateKey.Length == 0)
                {
                    errors.Add(FieldErrors.Required("data[ssh-privatekey]"));
                }
                break;
            case "kubernetes.io/tls":
                if (!data.ContainsKey("tls.crt"))
                {
                    errors.Add(FieldErrors.Required("data[tls.crt]"));
                }
                if (!data.ContainsKey("tls.key"))
                {
                    errors.Add(FieldErrors.Required("data[tls.key]"));
                }
                break;
            default:
                break;
        }
    }

    private static void ValidateJsonKey(IDictionary<string, byte[]> data, string key, List<FieldError> errors)
    {
        var path = FieldPath.Key("data", key);
        if (!data.TryGetValue(key, out var content))
        {
            errors.Add(FieldErrors.Required(path));
            return;
        }
        try
        {
            using var document = JsonDocument.Parse(content ?? []);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(FieldErrors.InvalidString(path, "<secret contents redacted>", "json: cannot unmarshal into Go value of type map[string]interface {}"));
            }
        }
        catch (JsonException exception)
        {
            errors.Add(FieldErrors.InvalidString(path, "<secret contents redacted>", exception.Message));
        }
    }
}
