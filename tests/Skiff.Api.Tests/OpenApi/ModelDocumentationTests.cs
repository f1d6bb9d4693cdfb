using System.Text;
using k8s.Models;
using Skiff.Api.OpenApi;

namespace Skiff.Api.Tests.OpenApi;

public class ModelDocumentationTests
{
    private const string Sample = """
        <?xml version="1.0"?>
        <doc>
            <members>
                <member name="M:k8s.Kubernetes.ListNamespacedPodAsync(System.String)">
                    <summary>
                    list or watch objects of kind Pod
                    </summary>
                </member>
                <member name="T:k8s.Models.V1DeploymentStrategy">
                    <summary>
                    DeploymentStrategy describes how to replace existing pods with new ones.
                    </summary>
                </member>
                <member name="P:k8s.Models.V1DeploymentStrategy.Type">
                    <summary>
                    Type of deployment. Can be &quot;Recreate&quot; or &quot;RollingUpdate&quot;. Default is
                    RollingUpdate.
                    </summary>
                </member>
                <member name="P:k8s.Models.V1ObjectMeta.GenerateName">
                    <summary>
                    GenerateName is an optional prefix, used by the server.

                    If this field is specified and the generated name exists, the server will return
                    a 409.
                    </summary>
                </member>
                <member name="T:k8s.Models.V1Status">
                    <summary>
                    A <see cref="T:k8s.Models.V1Status"/> object &amp; more.
                    </summary>
                </member>
            </members>
        </doc>
        """;

    [Fact]
    public void Unwrap_joins_wrapped_lines_and_keeps_paragraphs()
    {
        var summary = "\n            first line wrapped at\n            eighty columns.\n            \n            Second paragraph.\n            ";
        Assert.Equal("first line wrapped at eighty columns.\n\nSecond paragraph.", ModelDocumentation.Unwrap(summary));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Load_reads_model_summaries_whatever_the_read_size(int readSize)
    {
        using var stream = new TrickleStream(Encoding.UTF8.GetBytes(Sample), readSize);
        var documentation = ModelDocumentation.Load(stream);

        Assert.Equal(4, documentation.Count);
        Assert.Equal("DeploymentStrategy describes how to replace existing pods with new ones.", documentation.Describe(typeof(V1DeploymentStrategy)));
        Assert.Equal("Type of deployment. Can be \"Recreate\" or \"RollingUpdate\". Default is RollingUpdate.",
            documentation.Describe(typeof(V1DeploymentStrategy), nameof(V1DeploymentStrategy.Type)));
        Assert.Equal("GenerateName is an optional prefix, used by the server.\n\nIf this field is specified and the generated name exists, the server will return a 409.",
            documentation.Describe(typeof(V1ObjectMeta), nameof(V1ObjectMeta.GenerateName)));
        Assert.Equal("A  object & more.", documentation.Describe(typeof(V1Status)));
        Assert.Null(documentation.Describe(typeof(V1Pod)));
    }

    [Fact]
    public void The_packages_file_gives_upstreams_descriptions()
    {
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, OpenApiV3Builder.DocumentationFileName));
        var documentation = ModelDocumentation.Load(stream);

        Assert.True(documentation.Count > 3000, $"{documentation.Count} summaries");
        Assert.Equal("Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.",
            documentation.Describe(typeof(V1DeploymentStrategy), nameof(V1DeploymentStrategy.RollingUpdate)));
        Assert.StartsWith("The maximum number of pods that can be scheduled above the desired number of pods. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%).",
            documentation.Describe(typeof(V1RollingUpdateDeployment), nameof(V1RollingUpdateDeployment.MaxSurge)));
        Assert.Contains("the server will return a 409.\n\nApplied only if Name is not specified.",
            documentation.Describe(typeof(V1ObjectMeta), nameof(V1ObjectMeta.GenerateName)));
    }

    /// <summary>Hands out at most a few bytes per read, so member blocks straddle the reader's chunks.</summary>
    private sealed class TrickleStream(byte[] data, int readSize) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, readSize));
    }
}
