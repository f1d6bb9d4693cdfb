using Skiff.Api.Syntax;
using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>Upstream's ObjectMeta rules on create and update, plus the label, annotation and selector syntax rules they share.</summary>
internal static class ObjectMetaValidation
{
    public const string ImmutableMessage = "field is immutable";
    private const int TotalAnnotationSizeLimit = 256 * 1024;
    private static readonly HashSet<string> StandardFinalizers = new(StringComparer.Ordinal) { "kubernetes", "orphan", "foregroundDeletion" };

    /// <summary>
    /// ValidateObjectMeta on create. An empty name with a generateName is accepted: the API server generates the
    /// name after admission, so only the prefix is checked here.
    /// </summary>
    public static void ValidateCreate(V1ObjectMeta? meta, bool namespaced, Func<string, bool, List<string>> nameRule, List<FieldError> errors)
    {
        meta ??= new V1ObjectMeta();
        const string path = "metadata";
        if (!string.IsNullOrEmpty(meta.GenerateName))
        {
            foreach (var message in nameRule(meta.GenerateName, true))
            {
                errors.Add(FieldErrors.InvalidString("metadata.generateName", meta.GenerateName, message));
            }
        }
        if (string.IsNullOrEmpty(meta.Name))
        {
            if (string.IsNullOrEmpty(meta.GenerateName))
            {
                errors.Add(FieldErrors.Required("metadata.name", "name or generateName is required"));
            }
        }
        else
        {
            foreach (var message in nameRule(meta.Name, false))
            {
                errors.Add(FieldErrors.InvalidString("metadata.name", meta.Name, message));
            }
        }

        if (namespaced)
        {
            if (string.IsNullOrEmpty(meta.NamespaceProperty))
            {
                errors.Add(FieldErrors.Required("metadata.namespace"));
            }
            else
            {
                foreach (var message in NameValidation.NameIsDnsLabel(meta.NamespaceProperty, false))
                {
                    errors.Add(FieldErrors.InvalidString("metadata.namespace", meta.NamespaceProperty, message));
                }
            }
        }
        else if (!string.IsNullOrEmpty(meta.NamespaceProperty))
        {
            errors.Add(FieldErrors.Forbidden("metadata.namespace", "not allowed on this type"));
        }

        ValidateCommon(meta, path, errors);
    }

    /// <summary>
    /// ValidateObjectMetaUpdate: identity fields may not change. resourceVersion and generation are the server's
    /// business (it fills or rejects them before admission), so they are not checked here.
    /// </summary>
    public static void ValidateUpdate(V1ObjectMeta? meta, V1ObjectMeta? oldMeta, List<FieldError> errors)
    {
        meta ??= new V1ObjectMeta();
        oldMeta ??= new V1ObjectMeta();
        if (oldMeta.DeletionTimestamp is not null)
        {
            var added = (meta.Finalizers ?? []).Except(oldMeta.Finalizers ?? [], StringComparer.Ordinal).Distinct().Order(StringComparer.Ordinal).ToList();
            if (added.Count > 0)
            {
                errors.Add(FieldErrors.Forbidden("metadata.finalizers",
                    $"no new finalizers can be added if the object is being deleted, found new finalizers {GoQuote.StringSlice(added)}"));
            }
        }
        if ((meta.Name ?? "") != (oldMeta.Name ?? ""))
        {
            errors.Add(FieldErrors.InvalidString("metadata.name", meta.Name, ImmutableMessage));
        }
        if ((meta.NamespaceProperty ?? "") != (oldMeta.NamespaceProperty ?? ""))
        {
            errors.Add(FieldErrors.InvalidString("metadata.namespace", meta.NamespaceProperty, ImmutableMessage));
        }
        // Upstream copies the stored uid into an update that omits it, so only a different non-empty uid is an error.
        if (!string.IsNullOrEmpty(meta.Uid) && !string.IsNullOrEmpty(oldMeta.Uid) && meta.Uid != oldMeta.Uid)
        {
            errors.Add(FieldErrors.InvalidString("metadata.uid", meta.Uid, ImmutableMessage));
        }
        ValidateCommon(meta, "metadata", errors, checkGeneration: false);
    }

    public static void ValidateLabels(IDictionary<string, string>? labels, string path, List<FieldError> errors)
    {
        if (labels is null)
        {
            return;
        }
        foreach (var (key, value) in labels.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            ValidateLabelName(key, path, errors);
            foreach (var message in NameValidation.IsLabelValue(value ?? ""))
            {
                errors.Add(FieldErrors.InvalidString(path, value, message));
            }
        }
    }

    public static void ValidateLabelName(string? name, string path, List<FieldError> errors)
    {
        foreach (var message in NameValidation.IsQualifiedName(name ?? ""))
        {
            errors.Add(FieldErrors.InvalidString(path, name, message));
        }
    }

    public static void ValidateAnnotations(IDictionary<string, string>? annotations, string path, List<FieldError> errors)
    {
        if (annotations is null)
        {
            return;
        }
        long totalSize = 0;
        foreach (var (key, value) in annotations.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            // Annotation keys follow the label-key rule, except that case does not matter.
            foreach (var message in NameValidation.IsQualifiedName(key.ToLowerInvariant()))
            {
                errors.Add(FieldErrors.InvalidString(path, key, message));
            }
            totalSize += NameValidation.ByteLength(key) + NameValidation.ByteLength(value ?? "");
        }
        if (totalSize > TotalAnnotationSizeLimit)
        {
            errors.Add(FieldErrors.TooLong(path, TotalAnnotationSizeLimit));
        }
    }

    /// <summary>ValidateLabelSelector with AllowInvalidLabelValueInSelector=false, as apps/v1 workloads use it.</summary>
    public static void ValidateLabelSelector(V1LabelSelector? selector, string path, List<FieldError> errors)
    {
        if (selector is null)
        {
            return;
        }
        ValidateLabels(selector.MatchLabels, FieldPath.Child(path, "matchLabels"), errors);
        var expressions = selector.MatchExpressions ?? [];
        for (var i = 0; i < expressions.Count; i++)
        {
            var requirement = expressions[i];
            var requirementPath = FieldPath.Index(FieldPath.Child(path, "matchExpressions"), i);
            var values = requirement.Values ?? [];
            switch (requirement.OperatorProperty)
            {
                case "In" or "NotIn":
                    if (values.Count == 0)
                    {
                        errors.Add(FieldErrors.Required(FieldPath.Child(requirementPath, "values"), "must be specified when `operator` is 'In' or 'NotIn'"));
                    }
                    break;
                case "Exists" or "DoesNotExist":
                    if (values.Count > 0)
                    {
                        errors.Add(FieldErrors.Forbidden(FieldPath.Child(requirementPath, "values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    }
                    break;
                default:
                    errors.Add(FieldErrors.InvalidString(FieldPath.Child(requirementPath, "operator"), requirement.OperatorProperty, "not a valid selector operator"));
                    break;
            }
            ValidateLabelName(requirement.Key, FieldPath.Child(requirementPath, "key"), errors);
            for (var v = 0; v < values.Count; v++)
            {
                foreach (var message in NameValidation.IsLabelValue(values[v] ?? ""))
                {
                    errors.Add(FieldErrors.InvalidString(FieldPath.Index(FieldPath.Child(requirementPath, "values"), v), values[v], message));
                }
            }
        }
    }

    public static void ValidateNonNegative(long value, string path, List<FieldError> errors)
    {
        if (value < 0)
        {
            errors.Add(FieldErrors.Invalid(path, value, "must be greater than or equal to 0"));
        }
    }

    private static void ValidateCommon(V1ObjectMeta meta, string path, List<FieldError> errors, bool checkGeneration = true)
    {
        if (checkGeneration)
        {
            ValidateNonNegative(meta.Generation ?? 0, FieldPath.Child(path, "generation"), errors);
        }
        ValidateLabels(meta.Labels, FieldPath.Child(path, "labels"), errors);
        ValidateAnnotations(meta.Annotations, FieldPath.Child(path, "annotations"), errors);
        ValidateOwnerReferences(meta.OwnerReferences, FieldPath.Child(path, "ownerReferences"), errors);
        ValidateFinalizers(meta.Finalizers, FieldPath.Child(path, "finalizers"), errors);
    }

    private static void ValidateOwnerReferences(IList<V1OwnerReference>? references, string path, List<FieldError> errors)
    {
        string? controller = null;
        foreach (var reference in references ?? [])
        {
            var apiVersion = reference.ApiVersion ?? "";
            var version = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[(apiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..] : apiVersion;
            if (version.Length == 0)
            {
                errors.Add(FieldErrors.InvalidString(FieldPath.Child(path, "apiVersion"), apiVersion, "version must not be empty"));
            }
            if (string.IsNullOrEmpty(reference.Kind))
            {
                errors.Add(FieldErrors.InvalidString(FieldPath.Child(path, "kind"), reference.Kind, "must not be empty"));
            }
            if (string.IsNullOrEmpty(reference.Name))
            {
                errors.Add(FieldErrors.InvalidString(FieldPath.Child(path, "name"), reference.Name, "must not be empty"));
            }
            if (string.IsNullOrEmpty(reference.Uid))
            {
                errors.Add(FieldErrors.InvalidString(FieldPath.Child(path, "uid"), reference.Uid, "must not be empty"));
            }

            if (reference.Controller == true)
            {
                // What keeps two controllers from adopting one object at once: the second adoption patch fails here.
                // Upstream prints the whole list with Go's %#v (pointer addresses included), elided here.
                var name = $"{reference.Kind}/{reference.Name}";
                if (controller is null)
                {
                    controller = name;
                }
                else
                {
                    errors.Add(FieldErrors.Invalid(path, "[]v1.OwnerReference{...}",
                        $"Only one reference can have Controller set to true. Found \"true\" in references for {controller} and {name}"));
                }
            }
        }
    }

    /// <summary>
    /// apimachinery's ValidateFinalizers (qualified names, not both orphan and foregroundDeletion), then core's extra
    /// rule that an un-prefixed finalizer is one of Kubernetes' own, reported per entry: e.g. ["cleanup"] gives
    /// <c>metadata.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified</c>.
    /// </summary>
    public static void ValidateFinalizers(IList<string>? finalizers, string path, List<FieldError> errors)
    {
        if (finalizers is null)
        {
            return;
        }
        foreach (var finalizer in finalizers)
        {
            ValidateQualifiedFinalizer(finalizer, path, errors);
        }
        if (finalizers.Contains("orphan") && finalizers.Contains("foregroundDeletion"))
        {
            errors.Add(FieldErrors.Invalid(path, GoQuote.StringSlice(finalizers), "finalizer orphan and foregroundDeletion cannot be both set"));
        }
        for (var i = 0; i < finalizers.Count; i++)
        {
            ValidateStandardFinalizer(finalizers[i], FieldPath.Index(path, i), errors);
        }
    }

    /// <summary>validateFinalizerName (Namespace spec.finalizers): both rules on the same, unindexed path.</summary>
    public static void ValidateFinalizerName(string? finalizer, string path, List<FieldError> errors)
    {
        ValidateQualifiedFinalizer(finalizer, path, errors);
        ValidateStandardFinalizer(finalizer, path, errors);
    }

    private static void ValidateQualifiedFinalizer(string? finalizer, string path, List<FieldError> errors)
    {
        finalizer ??= "";
        foreach (var message in NameValidation.IsQualifiedName(finalizer))
        {
            errors.Add(FieldErrors.InvalidString(path, finalizer, message));
        }
    }

    private static void ValidateStandardFinalizer(string? finalizer, string path, List<FieldError> errors)
    {
        finalizer ??= "";
        if (!finalizer.Contains('/', StringComparison.Ordinal) && !StandardFinalizers.Contains(finalizer))
        {
            errors.Add(FieldErrors.InvalidString(path, finalizer, "name is neither a standard finalizer name nor is it fully qualified"));
        }
    }
}
