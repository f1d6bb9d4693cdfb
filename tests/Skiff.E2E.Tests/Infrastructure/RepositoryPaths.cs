namespace Skiff.E2E.Tests.Infrastructure;

/// <summary>Finds the repository root and the built skiff binary from the test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Skiff.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Skiff.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Examples => Path.Combine(Root, "examples");

    /// <summary>The skiff.dll built alongside these tests (same configuration).</summary>
    public static string SkiffDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0/
            var candidate = Path.Combine(Root, "src", "Skiff", "bin", configuration, "net10.0", "skiff.dll");
            return File.Exists(candidate) ? candidate : throw new FileNotFoundException("build src/Skiff first", candidate);
        }
    }
}
