using System.Text.Json.Nodes;

namespace Skiff.Api.FieldManagement;

/// <summary>
/// Fields of an applied configuration that the kind's schema does not declare, as upstream's typed conversion of the
/// apply patch reports them: <c>.spec.foo: field not declared in schema</c>, with keyed list items in upstream's
/// notation (<c>.spec.template.spec.containers[name="nginx"].bar</c>).
/// </summary>
public static class UndeclaredFields
{
    /// <summary>The paths of undeclared fields, in document order.</summary>
    /// <remarks>
    /// Like upstream's validating walker, an object stops being read at its first undeclared field: fields after it
    /// in the same object are not looked at, so at most one is reported per object.
    /// </remarks>
    public static IReadOnlyList<string> Find(Type modelType, JsonObject config)
    {
        var found = new List<string>();
        Walk(FieldSchema.For(modelType), config, [], found);
        return found;
    }

    /// <summary>
    /// Upstream's error text for them, e.g. <c>.spec.foo: field not declared in schema</c>; several are listed under
    /// "errors:" one per line, as structured-merge-diff joins its validation errors.
    /// </summary>
    public static string Describe(IReadOnlyList<string> paths) => paths.Count == 1
        ? $"{paths[0]}: field not declared in schema"
        : "errors:\n" + string.Join("\n", paths.Select(p => $"  {p}: field not declared in schema"));

    private static void Walk(FieldSchema schema, JsonNode? value, List<PathElement> path, List<string> found)
    {
        switch (schema.Kind)
        {
            case SchemaKind.Struct when value is JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    path.Add(PathElement.Field(name));
                    if (schema.Field(name) is { } field)
                    {
                        Walk(field, child, path, found);
                        path.RemoveAt(path.Count - 1);
                        continue;
                    }

                    found.Add(FieldSet.PathString(path));
                    path.RemoveAt(path.Count - 1);
                    return;
                }

                break;
            case SchemaKind.Map when value is JsonObject map && schema.Element is { } element:
                foreach (var (name, child) in map)
                {
                    path.Add(PathElement.Field(name));
                    Walk(element, child, path, found);
                    path.RemoveAt(path.Count - 1);
                }

                break;
            case SchemaKind.List when value is JsonArray list && schema.Element is { } itemSchema:
                for (var i = 0; i < list.Count; i++)
                {
                    path.Add(ListItemKeys.Of(schema, list[i], i));
                    Walk(itemSchema, list[i], path, found);
                    path.RemoveAt(path.Count - 1);
                }

                break;
        }
    }
}
