using Skiff.Api.Syntax;
using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>Upstream's container environment rules: ValidateEnv (names and valueFrom sources) and ValidateEnvFrom.</summary>
internal static class EnvValidation
{
    private const string RelaxedNameMessage = "a valid environment variable name must consist only of printable ASCII characters other than '='";

    /// <summary>The downward API fields an env var may read (validEnvDownwardAPIFieldPathExpressions, sorted as upstream lists them).</summary>
    private static readonly string[] EnvFieldPaths =
        ["metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"];

    /// <summary>Every field label the v1 downward API converts (podshelper.ConvertDownwardAPIFieldLabel); others fail conversion.</summary>
    private static readonly string[] ConvertibleFieldPaths =
        ["metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.restartPolicy",
         "spec.serviceAccountName", "spec.schedulerName", "status.phase", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"];

    private static readonly string[] ContainerResourceFields =
        ["limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"];

    /// <summary>ValidateEnv with RelaxedEnvironmentVariableValidation (on by default in 1.32).</summary>
    public static void ValidateEnv(IList<V1EnvVar>? variables, string path, List<FieldError> errors)
    {
        for (var i = 0; i < (variables?.Count ?? 0); i++)
        {
            var variable = variables![i];
            var variablePath = FieldPath.Index(path, i);
            var name = variable.Name ?? "";
            if (name.Length == 0)
            {
                errors.Add(FieldErrors.Required(FieldPath.Child(variablePath, "name")));
            }
            else if (!IsRelaxedName(name))
            {
                errors.Add(FieldErrors.InvalidString(FieldPath.Child(variablePath, "name"), name, RelaxedNameMessage));
            }
            ValidateValueFrom(variable, FieldPath.Child(variablePath, "valueFrom"), errors);
        }
    }

    /// <summary>ValidateEnvFrom. A source naming neither a ConfigMap nor a Secret is reported on the list itself, as upstream does.</summary>
    public static void ValidateEnvFrom(IList<V1EnvFromSource>? sources, string path, List<FieldError> errors)
    {
        for (var i = 0; i < (sources?.Count ?? 0); i++)
        {
            var source = sources![i];
            var itemPath = FieldPath.Index(path, i);
            if (!string.IsNullOrEmpty(source.Prefix) && !IsRelaxedName(source.Prefix))
            {
                errors.Add(FieldErrors.InvalidString(FieldPath.Child(itemPath, "prefix"), source.Prefix, RelaxedNameMessage));
            }
            var count = 0;
            if (source.ConfigMapRef is { } configMap)
            {
                count++;
                ValidateReferencedName(configMap.Name, FieldPath.Child(itemPath, "configMapRef.name"), errors);
            }
            if (source.SecretRef is { } secret)
            {
                count++;
                ValidateReferencedName(secret.Name, FieldPath.Child(itemPath, "secretRef.name"), errors);
            }
            if (count == 0)
            {
                errors.Add(FieldErrors.InvalidString(path, "", "must specify one of: `configMapRef` or `secretRef`"));
            }
            else if (count > 1)
            {
                errors.Add(FieldErrors.InvalidString(path, "", "may not have more than one field specified at a time"));
            }
        }
    }

    private static void ValidateValueFrom(V1EnvVar variable, string path, List<FieldError> errors)
    {
        if (variable.ValueFrom is not { } source)
        {
            return;
        }
        var count = 0;
        if (source.FieldRef is { } fieldRef)
        {
            count++;
            ValidateFieldRef(fieldRef, FieldPath.Child(path, "fieldRef"), errors);
        }
        if (source.ResourceFieldRef is { } resourceRef)
        {
            count++;
            var resourcePath = FieldPath.Child(path, "resourceFieldRef");
            if (string.IsNullOrEmpty(resourceRef.Resource))
            {
                errors.Add(FieldErrors.Required(FieldPath.Child(resourcePath, "resource")));
            }
            else if (!ContainerResourceFields.Contains(resourceRef.Resource) && !resourceRef.Resource.StartsWith("requests.hugepages-", StringComparison.Ordinal)
                && !resourceRef.Resource.StartsWith("limits.hugepages-", StringComparison.Ordinal))
            {
                errors.Add(FieldErrors.NotSupported(FieldPath.Child(resourcePath, "resource"), GoQuote.Quote(resourceRef.Resource), ContainerResourceFields));
            }
        }
        if (source.ConfigMapKeyRef is { } configMapKey)
        {
            count++;
            ValidateKeySelector(configMapKey.Name, configMapKey.Key, FieldPath.Child(path, "configMapKeyRef"), errors);
        }
        if (source.SecretKeyRef is { } secretKey)
        {
            count++;
            ValidateKeySelector(secretKey.Name, secretKey.Key, FieldPath.Child(path, "secretKeyRef"), errors);
        }
        if (count == 0)
        {
            errors.Add(FieldErrors.InvalidString(path, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
        }
        else if (!string.IsNullOrEmpty(variable.Value))
        {
            errors.Add(FieldErrors.InvalidString(path, "", "may not be specified when `value` is not empty"));
        }
        else if (count > 1)
        {
            errors.Add(FieldErrors.InvalidString(path, "", "may not have more than one field specified at a time"));
        }
    }

    /// <summary>
    /// validateObjectFieldSelector for env vars: the path must convert (v1 only) and be one an env var may read; a
    /// subscript is allowed on labels and annotations only, e.g. <c>metadata.labels['app']</c>.
    /// </summary>
    private static void ValidateFieldRef(V1ObjectFieldSelector fieldRef, string path, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(fieldRef.ApiVersion))
        {
            errors.Add(FieldErrors.Required(FieldPath.Child(path, "apiVersion")));
            return;
        }
        var fieldPath = fieldRef.FieldPath ?? "";
        if (fieldPath.Length == 0)
        {
            errors.Add(FieldErrors.Required(FieldPath.Child(path, "fieldPath")));
            return;
        }
        var conversionError = ConversionError(fieldRef.ApiVersion, fieldPath);
        if (conversionError is not null)
        {
            errors.Add(FieldErrors.InvalidString(FieldPath.Child(path, "fieldPath"), fieldPath, $"error converting fieldPath: {conversionError}"));
            return;
        }
        if (SplitSubscript(fieldPath) is { } subscripted)
        {
            var key = subscripted.Path == "metadata.annotations" ? subscripted.Subscript.ToLowerInvariant() : subscripted.Subscript;
            errors.AddRange(NameValidation.IsQualifiedName(key).Select(m => FieldErrors.InvalidString(path, key, m)));
        }
        else if (!EnvFieldPaths.Contains(fieldPath))
        {
            errors.Add(FieldErrors.NotSupported(FieldPath.Child(path, "fieldPath"), GoQuote.Quote(fieldPath), EnvFieldPaths));
        }
    }

    private static string? ConversionError(string apiVersion, string fieldPath)
    {
        if (apiVersion != "v1")
        {
            return $"unsupported pod version: {apiVersion}";
        }
        if (SplitSubscript(fieldPath) is { } subscripted)
        {
            return subscripted.Path is "metadata.annotations" or "metadata.labels" ? null : $"field label does not support subscript: {fieldPath}";
        }
        return ConvertibleFieldPaths.Contains(fieldPath) || fieldPath == "spec.host" ? null : $"field label not supported: {fieldPath}";
    }

    /// <summary>fieldpath.SplitMaybeSubscriptedPath: "metadata.labels['app']" is ("metadata.labels", "app").</summary>
    private static (string Path, string Subscript)? SplitSubscript(string fieldPath)
    {
        if (!fieldPath.EndsWith("']", StringComparison.Ordinal))
        {
            return null;
        }
        var open = fieldPath.IndexOf("['", StringComparison.Ordinal);
        if (open < 0 || open + 2 > fieldPath.Length - 2)
        {
            return null;
        }
        return (fieldPath[..open], fieldPath[(open + 2)..^2]);
    }

    private static void ValidateKeySelector(string? name, string? key, string path, List<FieldError> errors)
    {
        errors.AddRange(NameValidation.NameIsDnsSubdomain(name ?? "", false).Select(m => FieldErrors.InvalidString(FieldPath.Child(path, "name"), name, m)));
        if (string.IsNullOrEmpty(key))
        {
            errors.Add(FieldErrors.Required(FieldPath.Child(path, "key")));
        }
        else
        {
            errors.AddRange(NameValidation.IsConfigMapKey(key).Select(m => FieldErrors.InvalidString(FieldPath.Child(path, "key"), key, m)));
        }
    }

    private static void ValidateReferencedName(string? name, string path, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(FieldErrors.Required(path));
            return;
        }
        errors.AddRange(NameValidation.NameIsDnsSubdomain(name, true).Select(m => FieldErrors.InvalidString(path, name, m)));
    }

    /// <summary>IsRelaxedEnvVarName: any printable ASCII character except '='.</summary>
    private static bool IsRelaxedName(string name) => name.All(c => c is >= ' ' and <= '~' && c != '=');
}
