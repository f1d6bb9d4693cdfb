using k8s.Models;
using Skiff.Api.Admission;
using static Skiff.Api.Tests.Admission.AdmissionFixtures;

namespace Skiff.Api.Tests.Admission;

public class ValidExamplesTests
{
    public static TheoryData<string> Examples => new()
    {
        nameof(NginxReplicationController), nameof(ReplicaSetWithExpressions), nameof(Deployment), nameof(StatefulSet),
        nameof(HeadlessService), nameof(Service), nameof(HorizontalPodAutoscaler), nameof(ConfigMap), nameof(Secret),
        nameof(Namespace), nameof(Pod),
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_is_valid_after_defaulting(string example)
    {
        var obj = Admit(example);

        Assert.Empty(ObjectValidator.ValidateCreate(obj));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Unchanged_example_is_a_valid_update(string example)
    {
        var obj = Admit(example);
        var old = Admit(example);

        Assert.Empty(ObjectValidator.ValidateUpdate(obj, old));
    }

    [Fact]
    public void Unknown_kinds_get_metadata_validation_only()
    {
        var lease = new V1Lease { Metadata = new V1ObjectMeta { Name = "Bad_Name", NamespaceProperty = "default" }, Spec = new V1LeaseSpec() };

        var errors = ObjectValidator.ValidateCreate(lease);

        Assert.Equal("metadata.name", Assert.Single(errors).Field);
    }

    [Fact]
    public void Generated_names_are_checked_by_prefix_only()
    {
        var deployment = Admitted<V1Deployment>(Deployment, d => { d.Metadata.Name = null; d.Metadata.GenerateName = "web-"; });

        Assert.Empty(ObjectValidator.ValidateCreate(deployment));
    }

    internal static object Admit(string example) => example switch
    {
        nameof(NginxReplicationController) => Admitted<V1ReplicationController>(NginxReplicationController),
        nameof(ReplicaSetWithExpressions) => Admitted<V1ReplicaSet>(ReplicaSetWithExpressions),
        nameof(Deployment) => Admitted<V1Deployment>(Deployment),
        nameof(StatefulSet) => Admitted<V1StatefulSet>(StatefulSet),
        nameof(HeadlessService) => Admitted<V1Service>(HeadlessService),
        nameof(Service) => Admitted<V1Service>(Service),
        nameof(HorizontalPodAutoscaler) => Admitted<V2HorizontalPodAutoscaler>(HorizontalPodAutoscaler),
        nameof(ConfigMap) => Admitted<V1ConfigMap>(ConfigMap),
        nameof(Secret) => Admitted<V1Secret>(Secret),
        nameof(Namespace) => Admitted<V1Namespace>(Namespace),
        nameof(Pod) => Admitted<V1Pod>(Pod),
        _ => throw new ArgumentOutOfRangeException(nameof(example)),
    };
}
