using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Skiff.Client.Tests")]
