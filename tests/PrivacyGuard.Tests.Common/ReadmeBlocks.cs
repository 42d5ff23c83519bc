namespace PrivacyGuard.Tests;

/// <summary>Reads README.md's code blocks, for the tests that compile or run them and check they have not drifted.</summary>
public static class ReadmeBlocks
{
    /// <summary>The repository root: the first folder above the test's output that holds PrivacyGuard.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PrivacyGuard.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (PrivacyGuard.sln) was not found above the test's output folder.");
    }

    /// <summary>README.md's text with '\n' line endings.</summary>
    public static string Readme() => File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");

    /// <summary>The first <paramref name="language"/> code block after <paramref name="heading"/> in <paramref name="markdown"/>.</summary>
    public static string BlockAfter(string markdown, string heading, string language = "csharp")
    {
        var at = markdown.IndexOf(heading, StringComparison.Ordinal);
        Xunit.Assert.True(at >= 0, $"README.md has no \"{heading}\".");
        var fence = "```" + language + "\n";
        var start = markdown.IndexOf(fence, at, StringComparison.Ordinal) + fence.Length;
        var end = markdown.IndexOf("```\n", start, StringComparison.Ordinal);
        return markdown[start..end];
    }

    /// <summary>Whether <paramref name="line"/> is a using directive.</summary>
    public static bool IsUsing(string line) => line.StartsWith("using ", StringComparison.Ordinal);

    /// <summary>The code of <paramref name="line"/> without its trailing comment.</summary>
    public static string CodeOf(string line) => line.Split("//")[0].Trim();
}
