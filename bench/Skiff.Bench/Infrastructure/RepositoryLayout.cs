namespace Skiff.Bench.Infrastructure;

/// <summary>Finds the repository root (the folder holding Skiff.sln) and the Release build of skiff.dll in it.</summary>
public static class RepositoryLayout
{
    public static string SkiffDll
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Skiff.sln")))
            {
                directory = directory.Parent;
            }

            if (directory is null)
            {
                throw new InvalidOperationException("Skiff.sln not found above " + AppContext.BaseDirectory);
            }

            var dll = Path.Combine(directory.FullName, "src", "Skiff", "bin", "Release", "net10.0", "skiff.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("build it first: dotnet build src/Skiff -c Release", dll);
        }
    }
}
