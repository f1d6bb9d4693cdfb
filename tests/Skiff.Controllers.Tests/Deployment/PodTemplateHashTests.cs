using k8s.Models;
using Skiff.Controllers.Deployment;
using Skiff.Controllers.Tests.Infrastructure;

namespace Skiff.Controllers.Tests.Deployment;

public sealed class PodTemplateHashTests
{
    [Fact]
    public void Equal_templates_hash_alike_whatever_order_their_maps_were_built_in()
    {
        var a = Deployments.Template("web", "nginx:1.17");
        a.Metadata.Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" };
        var b = Deployments.Template("web", "nginx:1.17");
        b.Metadata.Labels = new Dictionary<string, string> { ["tier"] = "front", ["app"] = "web" };

        Assert.Equal(PodTemplateHash.Compute(a, null), PodTemplateHash.Compute(b, null));
        Assert.Equal(PodTemplateHash.Compute(a, null), PodTemplateHash.Compute(a, null));
    }

    [Fact]
    public void Different_templates_hash_differently()
    {
        Assert.NotEqual(PodTemplateHash.Compute(Deployments.Template("web", "nginx:1.17"), null),
            PodTemplateHash.Compute(Deployments.Template("web", "nginx:1.18"), null));
    }

    [Fact]
    public void The_collision_count_changes_the_hash()
    {
        var template = Deployments.Template("web", "nginx:1.17");
        var hashes = new[] { PodTemplateHash.Compute(template, null), PodTemplateHash.Compute(template, 0), PodTemplateHash.Compute(template, 1) };

        // null and 0 differ too: upstream mixes in the 8 bytes whenever the count is set.
        Assert.Equal(3, hashes.Distinct().Count());
    }

    [Fact]
    public void A_hash_uses_only_the_safe_alphabet_and_at_most_ten_characters()
    {
        var hash = PodTemplateHash.Compute(Deployments.Template("web", "nginx:1.17"), null);

        Assert.InRange(hash.Length, 1, 10);
        Assert.All(hash, c => Assert.Contains(c, "bcdfghjklmnpqrstvwxz2456789"));
    }

    [Fact]
    public void Digits_map_onto_the_alphabet_by_character_code()
    {
        // '0'..'9' are 48..57; modulo 27 that is 21..26 then 0..3: "456789" then "bcdf".
        Assert.Equal("456789bcdf", PodTemplateHash.SafeEncode("0123456789"));
        Assert.Equal("5d59d67564", PodTemplateHash.SafeEncode("1815823120"));
    }

    [Fact]
    public void Templates_equal_but_for_the_hash_label_are_equal()
    {
        var deployment = Deployments.Template("web", "nginx:1.17");
        var replicaSet = Deployments.Template("web", "nginx:1.17");
        replicaSet.Metadata.Labels[PodTemplateHash.Label] = "5d59d67564";

        Assert.True(PodTemplateHash.EqualIgnoreHash(deployment, replicaSet));
        Assert.False(PodTemplateHash.EqualIgnoreHash(deployment, Deployments.Template("web", "nginx:1.18")));
    }

    [Fact]
    public void An_omitted_list_equals_an_empty_one()
    {
        var omitted = Deployments.Template("web", "nginx:1.17");
        var empty = Deployments.Template("web", "nginx:1.17");
        empty.Spec.Volumes = [];
        empty.Metadata.Annotations = new Dictionary<string, string>();

        Assert.True(PodTemplateHash.EqualIgnoreHash(omitted, empty));
        Assert.Equal(PodTemplateHash.Compute(omitted, null), PodTemplateHash.Compute(empty, null));
    }
}
