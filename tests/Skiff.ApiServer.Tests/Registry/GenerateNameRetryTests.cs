using k8s.Models;
using Skiff.Api.Resources;
using Skiff.ApiServer.Hosting;
using Skiff.ApiServer.Http;
using Skiff.ApiServer.Registry;
using Skiff.Storage;

namespace Skiff.ApiServer.Tests.Registry;

/// <summary>
/// A generated name that is already taken is drawn again, as upstream's createWithGenerateNameRetry (8 attempts in
/// all); only when every attempt collides is the create answered AlreadyExists.
/// </summary>
public sealed class GenerateNameRetryTests
{
    private static readonly ResourceRegistry Registry = ResourceRegistry.CreateDefault();

    [Fact]
    public async Task A_colliding_generated_name_is_drawn_again()
    {
        var names = new Queue<string>(["web-aaaaa", "web-aaaaa", "web-aaaaa", "web-bbbbb"]);
        await using var store = new MemoryStore();
        var objects = await StartAsync(store, _ => names.Dequeue());

        var first = await CreateConfigMapAsync(objects);
        var second = await CreateConfigMapAsync(objects);

        Assert.Equal("web-aaaaa", ((V1ConfigMap)first.Model).Metadata.Name);
        Assert.Equal("web-bbbbb", ((V1ConfigMap)second.Model).Metadata.Name);
        Assert.Empty(names);
    }

    [Fact]
    public async Task Eight_collisions_in_a_row_answer_already_exists()
    {
        var attempts = 0;
        await using var store = new MemoryStore();
        var objects = await StartAsync(store, _ =>
        {
            attempts++;
            return "web-aaaaa";
        });
        await CreateConfigMapAsync(objects);
        attempts = 0;

        var error = await Assert.ThrowsAsync<ApiException>(() => CreateConfigMapAsync(objects));

        Assert.Equal(409, error.Status.Code);
        Assert.Equal("AlreadyExists", error.Status.Reason);
        Assert.Equal(8, attempts);
    }

    private static async Task<ObjectStore> StartAsync(MemoryStore store, Func<string, string> generateName)
    {
        var objects = new ObjectStore(store, Registry, TimeProvider.System) { GenerateName = generateName };
        await ClusterBootstrap.EnsureAsync(objects, CancellationToken.None);
        return objects;
    }

    private static Task<Objects.StoredObject> CreateConfigMapAsync(ObjectStore objects) =>
        objects.CreateAsync(
            Registry.Find("", "v1", "configmaps")!,
            "default",
            new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "web-" } },
            WriteOptions.Default,
            CancellationToken.None);
}
