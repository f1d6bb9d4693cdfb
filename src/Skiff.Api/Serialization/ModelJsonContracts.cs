using System.Text.Json.Serialization.Metadata;
using k8s;

namespace Skiff.Api.Serialization;

/// <summary>
/// Makes KubernetesJson (and every options object copied from it) describe model types by reflection instead of through
/// KubernetesClient's source-generated context. Same contracts, a fraction of the types loaded.
/// </summary>
/// <remarks>
/// KubernetesClient resolves a type's JSON contract with its generated SourceGenerationContext first. That context
/// answers <c>GetTypeInfo(type)</c> with one method of about 2,000 <c>if (type == typeof(V1Xxx))</c> tests
/// (31 KB of IL), and the JIT resolves every <c>typeof</c> token when it compiles the method: serializing a single
/// V1Namespace loads about 860 model types, most of which a process never uses. In an idle `skiff up` that was about
/// 3.5 MB of type data and touched metadata (docs/BENCHMARKS.md, Memory). The reflection resolver reads the same
/// attributes ([JsonPropertyName], [JsonConverter]) with the same options, one type at a time as it is used;
/// ModelJsonContractsTests compares the two for every model type.
/// </remarks>
public static class ModelJsonContracts
{
    /// <summary>
    /// Switches KubernetesJson's shared options to the reflection resolver. Call it at process start, before anything
    /// serializes: the options cannot change once they have been used.
    /// </summary>
    public static void UseReflection() => KubernetesJson.AddJsonOptions(options => options.TypeInfoResolver = new DefaultJsonTypeInfoResolver());
}
