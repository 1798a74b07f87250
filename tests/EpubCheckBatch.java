// Test helper: runs EPUBCheck on several books in one JVM, which saves a JVM start-up
// (several seconds) per book. Arguments are pairs: book.epub report.json.
// Launched as a single-file source program: java -cp epubcheck.jar EpubCheckBatch.java ...
public class EpubCheckBatch {
    public static void main(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            new com.adobe.epubcheck.tool.EpubChecker().run(new String[] {"-q", "--json", args[i + 1], args[i]});
        }
    }
}
